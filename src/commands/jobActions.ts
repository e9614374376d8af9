// What a person can do with one job, wherever they see it: the Jobs tree (inline and context
// menus pass the job id), the preview panel (its buttons run these commands with the job
// id), and the palette (which asks which job). Retry, cancel and refresh live in
// jobCommands.ts; opening the preview is the preview's own command.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ValidationError } from '../core/api/errors';
import { allModels, findModel } from '../core/catalog/catalog';
import type { ModelSpec } from '../core/catalog/types';
import { argsFromRequest } from '../core/jobs/generateArgs';
import { canResume, isActive, type Job } from '../core/jobs/job';
import type { JobManager } from '../core/jobs/jobManager';
import { jobDetailsText, shortPrompt } from '../core/text/jobText';
import { registerCommands } from '../platform/commands';
import { BUILT_IN, COMMANDS, MEMENTO_KEYS, OTHER_IDS } from '../platform/ids';
import { hasVideo, jobFromArgs } from '../platform/jobPicker';
import { ensureApiKey } from '../platform/keyPrompts';
import type { Services } from '../platform/services';
import { isInWorkspace } from '../platform/workspaceFolders';
import { pickModel } from './quickPick';

/** The argument form of "Extend": no questions asked when both are given. */
interface ExtendArgs {
  readonly model?: string;
  readonly prompt?: string;
}

/** The argument form of "Remove": the caller already chose (automation, tests). */
interface RemoveArgs {
  readonly deleteVideo?: boolean;
  /** Where there is no trash (VS Code in a browser), delete anyway. */
  readonly permanently?: boolean;
}

const isExtendModel = (m: ModelSpec) => m.slots.some((s) => s.field === 'video_url');

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri);
}

function videoUri(job: Job): vscode.Uri {
  if (!job.output) throw new Error(vscode.l10n.t('This job has no saved video.'));
  return vscode.Uri.file(job.output.file);
}

async function existingVideo(job: Job): Promise<vscode.Uri> {
  const uri = videoUri(job);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    throw new Error(vscode.l10n.t('The video {0} is no longer there: it was moved or deleted.', vscode.workspace.asRelativePath(uri, false)));
  }
  return uri;
}


/** The read-only "job details" documents: `veo-studio-job:/<prompt>.txt?<job id>`, kept current. */
class JobDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;
  private readonly open = new Map<string, vscode.Uri>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly manager: JobManager) {
    this.subscription = manager.store.onDidChange(({ job }) => {
      const uri = this.open.get(job.id);
      if (uri) this._onDidChange.fire(uri);
    });
  }

  uriFor(job: Job): vscode.Uri {
    const name = shortPrompt(job.request.prompt, 40).replace(/[\\/:*?"<>|#%]/g, '-') || job.id;
    const uri = vscode.Uri.from({ scheme: OTHER_IDS.jobDetailsScheme, path: `/${vscode.l10n.t('Job details')} – ${name}.txt`, query: job.id });
    this.open.set(job.id, uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const job = this.manager.store.get(uri.query);
    if (!job) return vscode.l10n.t('This job is no longer in the Jobs list.');
    const parent = job.parentId ? this.manager.store.get(job.parentId) : undefined;
    return jobDetailsText(job, {
      now: Date.now(),
      t: vscode.l10n.t,
      relative: (file) => vscode.workspace.asRelativePath(file, false),
      ...(parent ? { parent } : {}),
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChange.dispose();
  }
}

export function registerJobActions(services: Services): vscode.Disposable {
  const { manager, log } = services;
  const jobs = manager.store;
  const details = new JobDetailsProvider(manager);
  const registration = vscode.workspace.registerTextDocumentContentProvider(OTHER_IDS.jobDetailsScheme, details);

  const reveal = async (arg: unknown) => {
    const job = await jobFromArgs(jobs, arg, hasVideo, vscode.l10n.t('reveal'));
    if (!job) return;
    const uri = await existingVideo(job);
    await vscode.commands.executeCommand(isInWorkspace(uri.fsPath) ? BUILT_IN.revealInExplorer : BUILT_IN.revealFileInOS, uri);
  };

  const openExternally = async (arg: unknown) => {
    const job = await jobFromArgs(jobs, arg, hasVideo, vscode.l10n.t('open externally'));
    if (!job) return false;
    const uri = await existingVideo(job);
    if (vscode.env.uiKind === vscode.UIKind.Web || vscode.env.remoteName) {
      // The file lives where the extension runs, not where the person sits: no system
      // player on their machine can be handed it from here.
      const revealLabel = vscode.l10n.t('Reveal in Explorer');
      void vscode.window.showInformationMessage(
        vscode.env.uiKind === vscode.UIKind.Web
          ? vscode.l10n.t('VS Code runs in a browser here, so it cannot hand {0} to your system player. The preview plays it with sound in this browser; to keep a copy, use Download… on the file in the Explorer.', path.basename(uri.fsPath))
          : vscode.l10n.t('{0} is on the remote machine. Use Download… on the file in the Explorer to play it with your system player.', path.basename(uri.fsPath)),
        revealLabel,
      ).then((choice) => choice === revealLabel && vscode.commands.executeCommand(BUILT_IN.revealInExplorer, uri));
      return false;
    }
    const opened = await vscode.env.openExternal(uri);
    if (!opened) void vscode.window.showWarningMessage(vscode.l10n.t('No application opened {0}. Reveal it and open it with your video player.', path.basename(uri.fsPath)));
    return opened;
  };

  const copyPrompt = async (arg: unknown) => {
    const job = await jobFromArgs(jobs, arg, () => true, vscode.l10n.t('copy the prompt of'));
    if (!job) return;
    await vscode.env.clipboard.writeText(job.request.prompt);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Veo Studio: prompt copied'), 3000);
  };

  const showDetails = async (arg: unknown) => {
    const job = await jobFromArgs(jobs, arg, () => true, vscode.l10n.t('show'));
    if (!job) return undefined;
    const uri = details.uriFor(job);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return uri.toString();
  };

  const resume = async (arg: unknown) => {
    const job = await jobFromArgs(jobs, arg, canResume, vscode.l10n.t('resume'), (j) => {
      if (canResume(j)) return undefined;
      return j.generationId
        ? vscode.l10n.t('Only a timed-out, cancelled or interrupted job can be resumed; this one is {0}.', j.status)
        : vscode.l10n.t('The service never accepted this job, so there is nothing to resume. Retry sends it again.');
    });
    if (!job) return;
    manager.resume(job.id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(sync) Veo Studio: watching the job again'), 3000);
  };

  const remove = async (arg: unknown, options: unknown) => {
    const job = await jobFromArgs(jobs, arg, () => true, vscode.l10n.t('remove'));
    if (!job) return false;
    const given: RemoveArgs | undefined = isObject(options) ? (options as RemoveArgs) : undefined;
    const video = job.output ? vscode.Uri.file(job.output.file) : undefined;
    const name = `“${shortPrompt(job.request.prompt, 40)}”`;

    let deleteVideo = given?.deleteVideo === true;
    if (!given && (video || isActive(job))) {
      const removeOnly = vscode.l10n.t('Remove from List');
      const removeAndDelete = vscode.l10n.t('Remove and Delete Video');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Remove {0} from the Jobs list?', name),
        {
          modal: true,
          detail: [
            isActive(job) ? vscode.l10n.t('Veo Studio stops watching it; the service may still finish it and bill it.') : '',
            video
              ? vscode.l10n.t('Its video {0} stays in your workspace unless you choose to delete it too (with its .json sidecar).', vscode.workspace.asRelativePath(video, false))
              : '',
          ]
            .filter(Boolean)
            .join('\n'),
        },
        removeOnly,
        ...(video ? [removeAndDelete] : []),
      );
      if (!choice) return false;
      deleteVideo = choice === removeAndDelete;
    }
    if (deleteVideo && job.output) {
      const files = [job.output.file, ...(job.output.sidecar ? [job.output.sidecar] : [])];
      const deleted = await deleteFiles(files.map((f) => vscode.Uri.file(f)), given);
      if (!deleted) return false;
    }
    manager.remove(job.id);
    log.info(`job ${job.id}: removed from the list${deleteVideo ? ' and its video deleted' : ''}`);
    return true;
  };

  const clearFinished = () => {
    const count = manager.clearFinished();
    void vscode.window.showInformationMessage(
      count === 0
        ? vscode.l10n.t('Veo Studio: there are no finished jobs to clear.')
        : count === 1
          ? vscode.l10n.t('Veo Studio: cleared 1 finished job. Its video stays in your workspace.')
          : vscode.l10n.t('Veo Studio: cleared {0} finished jobs. Their videos stay in your workspace.', count),
    );
    return count;
  };

  const extend = async (arg: unknown, options: unknown) => {
    const job = await jobFromArgs(jobs, arg, hasVideo, vscode.l10n.t('extend'));
    if (!job) return undefined;
    if (!hasVideo(job)) throw new Error(vscode.l10n.t('Only a saved video can be extended; this job is {0}.', job.status));
    const given: ExtendArgs = isObject(options) ? (options as ExtendArgs) : {};
    if (!(await ensureApiKey(services.keys))) return undefined;
    const model = given.model !== undefined ? findModel(given.model) : await pickExtendModel(services);
    if (!model) {
      if (given.model !== undefined) throw new ValidationError([{ field: 'model', message: vscode.l10n.t('Unknown model "{0}".', given.model) }]);
      return undefined;
    }
    const prompt =
      given.prompt ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Veo Studio: extend “{0}”', shortPrompt(job.request.prompt, 40)),
        prompt: vscode.l10n.t('What happens next? The new clip continues the video by 7 s.'),
        value: job.request.prompt,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Describe what happens next in a few words.')),
      }));
    if (prompt === undefined || !prompt.trim()) return undefined;
    const child = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Veo Studio: sending the extend request…') },
      () => manager.extend(job.id, { model: model.id, prompt }),
    );
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Veo Studio: extend job started'), 4000);
    return child.id;
  };

  const editAndRegenerate = async (arg: unknown) => {
    const job = await jobFromArgs(jobs, arg, () => true, vscode.l10n.t('edit'));
    if (!job) return;
    await vscode.commands.executeCommand(COMMANDS.openGenerator, argsFromRequest(job.request));
  };

  return vscode.Disposable.from(
    registration,
    details,
    registerCommands(log, [
      { id: COMMANDS.revealVideo, run: reveal },
      { id: COMMANDS.openExternally, run: openExternally },
      { id: COMMANDS.copyPrompt, run: copyPrompt },
      { id: COMMANDS.showJobDetails, run: showDetails },
      // Failures reach the caller only in the explicit automation form: a menu passes the id
      // alone, and VS Code would show a second, generic error for a rethrown one.
      { id: COMMANDS.resumeJob, run: resume, rethrow: (_arg, options) => isObject(options) },
      { id: COMMANDS.removeJob, run: remove, rethrow: (_arg, options) => isObject(options) },
      { id: COMMANDS.clearFinishedJobs, run: clearFinished },
      { id: COMMANDS.extendJob, run: extend, rethrow: (_arg, options) => isObject(options) },
      { id: COMMANDS.editAndRegenerate, run: editAndRegenerate },
    ]),
  );
}

/** Removes files, to the trash where there is one; asks before deleting for good. */
async function deleteFiles(uris: readonly vscode.Uri[], given: RemoveArgs | undefined): Promise<boolean> {
  const present: vscode.Uri[] = [];
  for (const uri of uris) {
    try {
      await vscode.workspace.fs.stat(uri);
      present.push(uri);
    } catch {
      // already gone
    }
  }
  if (!present.length) return true;
  try {
    for (const uri of present) await vscode.workspace.fs.delete(uri, { useTrash: true });
    return true;
  } catch (error) {
    // VS Code in a browser (code-server, vscode.dev) has no trash to move files to.
    const remaining = [];
    for (const uri of present) if (await vscode.workspace.fs.stat(uri).then(() => true, () => false)) remaining.push(uri);
    if (!remaining.length) return true;
    let permanently = given?.permanently === true;
    if (!given) {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('The video cannot be moved to the trash here. Delete it permanently?'),
        { modal: true, detail: `${remaining.map((u) => vscode.workspace.asRelativePath(u, false)).join('\n')}\n\n${error instanceof Error ? error.message : String(error)}` },
        vscode.l10n.t('Delete Permanently'),
      );
      permanently = choice !== undefined;
    } else if (!permanently) {
      throw new Error(vscode.l10n.t('The video cannot be moved to the trash here; pass {0} to delete it permanently.', '{ permanently: true }'));
    }
    if (!permanently) return false;
    for (const uri of remaining) await vscode.workspace.fs.delete(uri, { useTrash: false });
    return true;
  }
}

function pickExtendModel(deps: Services): Promise<ModelSpec | undefined> {
  return pickModel(allModels().filter(isExtendModel), {
    title: vscode.l10n.t('Veo Studio: extend with which model?'),
    placeholder: vscode.l10n.t('Both continue the clip by 7 s at 720p'),
    memento: deps.memento,
    memoryKey: MEMENTO_KEYS.lastExtendModel,
    grouped: false,
    prices: deps.prices,
  });
}
