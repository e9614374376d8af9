// "Render Sequence to MP4" (`veoStudio.renderSequence`): a shot list's chosen takes joined
// into one film with ffmpeg — stream copy when the clips share their codec parameters, else
// a re-encode (core/sequence/renderPlan.ts decides, render.ts runs it) — in a cancellable
// progress notification fed by ffmpeg's `-progress` lines. The film goes into the output
// folder (veoStudio.outputFolder of the list's workspace folder) through a temp file and a
// no-clobber rename, with a sidecar naming its shots and their takes. Without ffmpeg it says
// how to get one; nothing else needs it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeFileExclusive } from '../../core/download/files';
import { sidecarPathFor } from '../../core/jobs/sidecar';
import { RenderCancelled, RenderError, renderSequence } from '../../core/sequence/render';
import { planRender } from '../../core/sequence/renderPlan';
import { renderSidecar } from '../../core/sequence/renderSidecar';
import { findFfmpeg, type FoundFfmpeg } from '../../platform/ffmpeg';
import { BUILT_IN, SETTINGS } from '../../platform/ids';
import type { Log } from '../../platform/log';
import { markTold, notify } from '../../platform/messages';
import { readSettings } from '../../platform/settings';
import { leftOut, loadShotSequence } from '../../platform/shotSequence';
import type { ShotTakes } from '../../platform/shotTakes';
import { folderOf, writeTargetInWorkspace } from '../../platform/workspaceFolders';
import { targetFile } from '../shotList/targetFile';
import { gapText, leftOutSentence, nothingToUse } from './leftOutText';
import type { RenderRuns } from './renderRuns';

/** The argument form: `{ shotList }`, a workspace path or a Uri. */
export interface RenderSequenceArgs {
  readonly shotList: string | vscode.Uri;
}

/** How many of ffmpeg's last lines a failure's message shows (the log has them all). */
const SHOWN_LINES = 3;

/** The message when there is no ffmpeg, told once; the error it throws is marked as told. */
function noFfmpeg(found: FoundFfmpeg): Error {
  const where = found.configured
    ? vscode.l10n.t('The ffmpeg set in veoStudio.ffmpegPath ("{0}") cannot be run.', found.configured)
    : vscode.l10n.t('Rendering needs ffmpeg, and there is none on the PATH.');
  const message =
    where +
    ' ' +
    vscode.l10n.t('Install it (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows and others: ffmpeg.org/download.html) or set veoStudio.ffmpegPath to it. Play Sequence and the exports work without it.');
  const error = new Error(message);
  markTold(error);
  const openSetting = vscode.l10n.t('Open Setting');
  void notify.error(message, openSetting).then((choice) => {
    if (choice === openSetting) void vscode.commands.executeCommand(BUILT_IN.openSettings, `${SETTINGS.section}.${SETTINGS.ffmpegPath}`);
  });
  return error;
}

/** Where the film goes: the output folder of the shot list's workspace folder, kept inside it. */
function filmFolder(list: string): string {
  const root = folderOf(list);
  if (!root) throw new Error(vscode.l10n.t('{0} is outside the workspace; Veo Studio writes only inside a workspace folder.', list));
  return writeTargetInWorkspace(path.resolve(root, readSettings(vscode.Uri.file(root)).outputFolder));
}

export function renderCommand({ takes, log, runs }: { readonly takes: ShotTakes; readonly log: Log; readonly runs: RenderRuns }) {
  return async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const list = await targetFile(arg, vscode.l10n.t('Veo Studio: Render Sequence to MP4'));
    if (!list) return undefined;
    const found = await findFfmpeg();
    if (!found.file) throw noFfmpeg(found);
    const ffmpeg = found.file;
    const sequence = await loadShotSequence(takes, list.fsPath);
    const clips = sequence.sequence.clips;
    if (!clips.length) throw nothingToUse(sequence, vscode.l10n.t('render'));
    const folder = filmFolder(list.fsPath);
    const plan = planRender(clips);
    const how = plan.mode === 'copy' ? vscode.l10n.t('stream copy') : vscode.l10n.t('re-encoding to {0}×{1}', plan.target.width, plan.target.height);
    const started = Date.now();

    const result = await vscode.window
      .withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Rendering {0} ({1} shots, {2})', sequence.title, clips.length, how), cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const run = runs.begin(list.fsPath, () => controller.abort());
          const cancelled = token.onCancellationRequested(() => controller.abort());
          let shown = 0;
          try {
            return await renderSequence({
              ffmpeg,
              clips,
              folder,
              baseName: sequence.title.trim() || 'sequence',
              signal: controller.signal,
              onProgress: (fraction) => {
                run.progress(fraction);
                const percent = Math.floor(fraction * 100);
                if (percent <= shown) return;
                progress.report({ increment: percent - shown, message: `${percent}%` });
                shown = percent;
              },
              log: (line) => log.info(line),
            });
          } finally {
            cancelled.dispose();
            run.end();
          }
        },
      )
      .then(undefined, (error: unknown) => {
        if (error instanceof RenderCancelled) return undefined;
        if (error instanceof RenderError) {
          log.error(`Render of ${list.fsPath} failed. Command: ${error.command}\n${error.lastLines.join('\n')}`);
          const lines = error.lastLines.slice(-SHOWN_LINES).join(' · ');
          const told = new Error(vscode.l10n.t('The render of {0} failed: {1}', sequence.title, error.message) + (lines ? ` ${vscode.l10n.t('ffmpeg said: {0}', lines)}` : ''));
          markTold(told);
          const showLog = vscode.l10n.t('Show Log');
          void notify.error(told.message, showLog).then((choice) => choice === showLog && log.show());
          throw told;
        }
        throw error;
      });
    if (!result) {
      log.info(`Render of ${list.fsPath} cancelled; nothing was saved.`);
      void notify.info(vscode.l10n.t('The render of {0} was cancelled; nothing was saved.', sequence.title));
      return undefined;
    }

    const renderMs = Date.now() - started;
    const bySlot = new Map(sequence.slots.flatMap((s) => (s.clip ? [[s.clip, s] as const] : [])));
    const sidecar = renderSidecar({
      shotListFile: list.fsPath,
      filmFile: result.file,
      plan: result.plan,
      shots: clips.map((clip) => {
        const slot = bySlot.get(clip);
        return { clip, ...(slot?.clip ? { take: slot.take, chosenByPerson: slot.chosenByPerson } : {}) };
      }),
      leftOut: leftOut(sequence).map((m) => ({ shot: m.shot, reason: gapText(m.gap) })),
      renderMs,
      renderedAt: Date.now(),
    });
    await writeFileExclusive(sidecarPathFor(result.file), JSON.stringify(sidecar, null, 2) + '\n').catch((error: unknown) => {
      // The film is there and whole; a sidecar that cannot be written is worth a line, not a failure.
      log.error(`Could not write the sidecar of ${result.file}`, error);
    });
    log.info(`Rendered ${result.file} (${sidecar.mode}, ${sidecar.durationSeconds} s of film) in ${renderMs} ms`);

    const uri = vscode.Uri.file(result.file);
    const play = vscode.l10n.t('Play');
    const reveal = vscode.l10n.t('Reveal');
    const seconds = (renderMs / 1000).toFixed(1);
    void notify
      .info(
        vscode.l10n.t('Rendered {0}: {1} shots, {2} s, by {3} in {4} s.', path.basename(result.file), clips.length, sidecar.durationSeconds.toFixed(1), how, seconds) + leftOutSentence(sequence),
        play,
        reveal,
      )
      .then(async (choice) => {
        if (choice === play) await vscode.commands.executeCommand(BUILT_IN.open, uri);
        if (choice === reveal) await vscode.commands.executeCommand(BUILT_IN.revealInExplorer, uri);
      });
    return uri;
  };
}
