// Hovering a shot's `output` in a shot list shows the take that counts for the shot: its
// poster (the video's first frame, once one was made) or its start image, what it was made
// from (its sidecar: model, clip, prompt, cost, when), its state against what the shot says
// now, and links to open it or choose another take. Everything read from a sidecar is put
// in as text, never as markdown.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getLocation } from 'jsonc-parser';
import { findModel } from '../../core/catalog/catalog';
import type { OptionValue } from '../../core/catalog/types';
import { readSidecar } from '../../core/frames/frameStore';
import { clipSummary } from '../../core/text/clip';
import { modelLabel, shortPrompt } from '../../core/text/jobText';
import { formatUsd } from '../../core/text/money';
import { COMMANDS } from '../../platform/ids';
import type { Services } from '../../platform/services';
import { stateText } from './messages';

/** A command link for the hover (its arguments as the URI's query). */
const link = (title: string, command: string, args: unknown[]) => `[${title}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;

export class ShotListHover implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const text = document.getText();
    const location = getLocation(text, document.offsetAt(position));
    const [shots, index, field] = location.path;
    if (shots !== 'shots' || typeof index !== 'number' || field !== 'output' || location.path.length !== 3) return undefined;
    const { shots: statuses } = await this.services.takes.list(document.uri.fsPath, { text });
    const status = statuses[index];
    if (!status || token.isCancellationRequested) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [COMMANDS.openVideo, COMMANDS.chooseTake, 'vscode.open'] };
    md.supportHtml = false;
    const chosen = status.chosen;
    md.appendMarkdown(`**${vscode.l10n.t('Shot {0}', index + 1)}** — `);
    md.appendText(stateText(status));
    if (!chosen?.video) {
      md.appendMarkdown('\n\n');
      md.appendText(vscode.l10n.t('No take of this shot has been saved yet.'));
      return new vscode.Hover(md);
    }
    const sidecar = chosen.sidecar ? await readSidecar(chosen.sidecar) : undefined;
    const saved = status.takes.filter((t) => t.status === 'saved').length;
    md.appendMarkdown('  \n');
    md.appendText(vscode.l10n.t('Take {0} of {1}{2}', chosen.take, saved, status.chosenByPerson ? vscode.l10n.t(' (chosen)') : vscode.l10n.t(' (the newest; none chosen)')));
    const thumbnail = await this.thumbnail(chosen.video, sidecar?.bytes, chosen.recipe?.sources, document.uri.fsPath);
    if (thumbnail) md.appendMarkdown(`\n\n![${vscode.l10n.t('The first frame of the take')}](${thumbnail}|width=192)`);
    const recipe = chosen.recipe;
    if (recipe) {
      const model = findModel(recipe.model);
      md.appendMarkdown('\n\n');
      md.appendText([modelLabel(recipe.model), model ? clipSummary(model, recipe.options as Record<string, OptionValue>, vscode.l10n.t) : ''].filter(Boolean).join(' · '));
      md.appendMarkdown('  \n');
      md.appendText(`“${shortPrompt(recipe.prompt, 200)}”`);
    }
    const facts = [
      vscode.workspace.asRelativePath(chosen.video, false),
      sidecar?.cost?.usd !== undefined ? vscode.l10n.t('cost {0}', formatUsd(sidecar.cost.usd)) : undefined,
      sidecar?.savedAt ? vscode.l10n.t('saved {0}', new Date(sidecar.savedAt).toLocaleString()) : undefined,
      sidecar?.frames?.length ? vscode.l10n.t('{0} frame(s) saved', sidecar.frames.length) : undefined,
    ].filter(Boolean);
    md.appendMarkdown('\n\n');
    md.appendText(facts.join(' · '));
    const actions = [chosen.jobId ? link(vscode.l10n.t('Open'), COMMANDS.openVideo, [chosen.jobId]) : link(vscode.l10n.t('Open'), 'vscode.open', [vscode.Uri.file(chosen.video)])];
    if (saved > 1) actions.push(link(vscode.l10n.t('Choose Take…'), COMMANDS.chooseTake, [{ list: document.uri.fsPath, shot: index + 1 }]));
    md.appendMarkdown(`\n\n${actions.join(' · ')}`);
    return new vscode.Hover(md);
  }

  /** The poster as a data URI (it is small), else the take's start image, else nothing. */
  private async thumbnail(video: string, bytes: number | undefined, sources: Readonly<Record<string, string | readonly string[]>> | undefined, list: string): Promise<string | undefined> {
    const poster = this.services.posters.get(video, bytes);
    const png = poster ? await fsp.readFile(poster.fsPath).catch(() => undefined) : undefined;
    if (png) return `data:image/png;base64,${png.toString('base64')}`;
    const first = Object.values(sources ?? {}).flat()[0];
    if (typeof first !== 'string' || /^[a-z]+:/i.test(first) || first.startsWith('(')) return undefined;
    const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(list))?.uri.fsPath;
    return root ? vscode.Uri.file(path.join(root, first)).toString() : undefined;
  }
}
