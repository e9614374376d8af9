// "Export Sequence for Editors…" (`veoStudio.exportSequence`): a shot list's chosen takes as
// a timeline an editing suite opens — OpenTimelineIO, CMX 3600 EDL or FCPXML 1.10 — written
// beside the list ("storyboard.otio"), never over an existing file unless the person says so
// (a modal) or the argument form says `overwrite: true`. The text is core's
// (core/sequence/exports.ts); this is the asking, the writing and the telling.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { replaceFile, writeFileExclusive } from '../../core/download/files';
import { EXPORT_FORMATS, exportFileFor, exportSequence, isExportFormat, type ExportFormat } from '../../core/sequence/exports';
import { errorCode } from '../../core/util/errorCode';
import { BUILT_IN } from '../../platform/ids';
import type { Log } from '../../platform/log';
import { notify } from '../../platform/messages';
import { loadShotSequence } from '../../platform/shotSequence';
import type { ShotTakes } from '../../platform/shotTakes';
import { writeTargetInWorkspace } from '../../platform/workspaceFolders';
import { optionsArg } from '../automationArgs';
import { targetFile } from '../shotList/targetFile';
import { leftOutSentence, nothingToUse } from './leftOutText';

/** The argument form: with a `format`, nothing is asked (an existing file is kept unless `overwrite: true`). */
export interface ExportSequenceArgs {
  readonly shotList: string | vscode.Uri;
  readonly format?: ExportFormat;
  readonly overwrite?: boolean;
}

interface FormatItem extends vscode.QuickPickItem {
  readonly format: ExportFormat;
}

/** Each format with who reads it, for the picker. */
function formatItems(): FormatItem[] {
  return [
    { format: 'otio', label: vscode.l10n.t('OpenTimelineIO (.otio)'), detail: vscode.l10n.t('OpenTimelineIO tools and DaVinci Resolve; Premiere Pro through its OTIO plugin') },
    { format: 'edl', label: vscode.l10n.t('EDL – CMX 3600 (.edl)'), detail: vscode.l10n.t('Any editor: DaVinci Resolve, Premiere Pro, Avid; Final Cut Pro through a converter') },
    { format: 'fcpxml', label: vscode.l10n.t('FCPXML 1.10 (.fcpxml)'), detail: vscode.l10n.t('Final Cut Pro and DaVinci Resolve') },
  ];
}

const exists = (file: string) => fsp.lstat(file).then(() => true, () => false);

export function exportCommand({ takes, log }: { readonly takes: ShotTakes; readonly log: Log }) {
  return async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const options = arg instanceof vscode.Uri ? undefined : optionsArg(arg);
    const given = options?.['format'];
    if (given !== undefined && !isExportFormat(given)) {
      throw new Error(vscode.l10n.t('"{0}" is not an export format; use one of {1}.', String(given), EXPORT_FORMATS.join(', ')));
    }
    const overwrite = options?.['overwrite'];
    if (overwrite !== undefined && typeof overwrite !== 'boolean') throw new Error(vscode.l10n.t('"overwrite" must be true or false.'));
    // The argument form with a format asks nothing; the palette and the menus ask.
    const unattended = given !== undefined;

    const list = await targetFile(arg, vscode.l10n.t('Veo Studio: Export Sequence for Editors'));
    if (!list) return undefined;
    const sequence = await loadShotSequence(takes, list.fsPath);
    if (!sequence.sequence.clips.length) throw nothingToUse(sequence, vscode.l10n.t('export'));

    let format = given;
    if (format === undefined) {
      const picked = await vscode.window.showQuickPick(formatItems(), {
        title: vscode.l10n.t('Veo Studio: Export {0} for editors', path.basename(list.fsPath)),
        placeHolder: vscode.l10n.t('Which editing suite will open it?'),
        matchOnDetail: true,
      });
      if (!picked) return undefined;
      format = picked.format;
    }

    const target = writeTargetInWorkspace(exportFileFor(list.fsPath, format));
    const text = exportSequence(format, sequence.sequence, target);
    const name = path.basename(target);
    let replace = overwrite === true;
    if (!replace && (await exists(target))) {
      if (unattended || overwrite === false) {
        throw new Error(vscode.l10n.t('{0} already exists and was kept; pass "overwrite": true to replace it.', vscode.workspace.asRelativePath(target, false)));
      }
      const yes = vscode.l10n.t('Replace');
      const choice = await notify.warning(
        vscode.l10n.t('{0} already exists. Replace it?', name),
        { modal: true, detail: vscode.l10n.t('{0} will be replaced by a new export of {1}; what it holds now is lost.', vscode.workspace.asRelativePath(target, false), path.basename(list.fsPath)) },
        yes,
      );
      if (choice !== yes) return undefined;
      replace = true;
    }
    try {
      await (replace ? replaceFile(target, text) : writeFileExclusive(target, text));
    } catch (error) {
      // Someone wrote it between the look and the write: still theirs.
      if (errorCode(error) === 'EEXIST') throw new Error(vscode.l10n.t('{0} appeared while exporting and was kept; export again to replace it.', name));
      throw error;
    }
    const uri = vscode.Uri.file(target);
    const shots = sequence.sequence.clips.length;
    log.info(`Exported ${shots} shot(s) of ${list.fsPath} as ${format} to ${target}`);
    const open = vscode.l10n.t('Open');
    const reveal = vscode.l10n.t('Reveal');
    // Not awaited: the command answers with the file at once; the buttons act whenever.
    void notify
      .info(vscode.l10n.t('Exported {0} ({1} shots).', name, shots) + leftOutSentence(sequence), open, reveal)
      .then(async (choice) => {
        if (choice === open) await vscode.commands.executeCommand(BUILT_IN.open, uri);
        if (choice === reveal) await vscode.commands.executeCommand(BUILT_IN.revealInExplorer, uri);
      });
    return uri;
  };
}
