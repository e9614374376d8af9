// What a person can do with one job, wherever they see it: the Jobs tree (inline and context
// menus pass the job id), the preview panel (its buttons run these commands with the job
// id), and the palette (which asks which job). Retry, cancel and refresh live in
// jobCommands.ts; opening the preview is the preview's own command; Show Details and
// Extend have their own files and are registered with these.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { argsFromRequest } from '../core/jobs/generateArgs';
import { canResume, isActive, type Job } from '../core/jobs/job';
import { shortPrompt } from '../core/text/jobText';
import { registerCommands } from '../platform/commands';
import { BUILT_IN, COMMANDS } from '../platform/ids';
import { hasVideo, jobFromArgs } from '../platform/jobPicker';
import type { Services } from '../platform/services';
import { isInWorkspace } from '../platform/workspaceFolders';
import { optionsArg, rethrowWithOptions } from './automationArgs';
import { deleteFiles, type DeleteHow } from './deleteFiles';
import { registerExtendJob } from './extendJob';
import { registerJobDetails } from './jobDetails';
import { notify } from '../platform/messages';

/** The argument form of "Remove": the caller already chose (automation, tests). */
interface RemoveArgs extends DeleteHow {
  readonly deleteVideo?: boolean;
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

export function registerJobActions(services: Services): vscode.Disposable {
  const { manager, log } = services;
  const jobs = manager.store;

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
      void notify.info(
        vscode.env.uiKind === vscode.UIKind.Web
          ? vscode.l10n.t('VS Code runs in a browser here, so it cannot hand {0} to your system player. The preview plays it with sound in this browser; to keep a copy, use Download… on the file in the Explorer.', path.basename(uri.fsPath))
          : vscode.l10n.t('{0} is on the remote machine. Use Download… on the file in the Explorer to play it with your system player.', path.basename(uri.fsPath)),
        revealLabel,
      ).then((choice) => choice === revealLabel && vscode.commands.executeCommand(BUILT_IN.revealInExplorer, uri));
      return false;
    }
    const opened = await vscode.env.openExternal(uri);
    if (!opened) void notify.warning(vscode.l10n.t('No application opened {0}. Reveal it and open it with your video player.', path.basename(uri.fsPath)));
    return opened;
  };

  const copyPrompt = async (arg: unknown) => {
    const job = await jobFromArgs(jobs, arg, () => true, vscode.l10n.t('copy the prompt of'));
    if (!job) return;
    await vscode.env.clipboard.writeText(job.request.prompt);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Veo Studio: prompt copied'), 3000);
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

  /** "Resume All Jobs": every job the service still has is watched again (nothing is sent, nothing billed). */
  const resumeAll = () => {
    const count = manager.resumeEverything();
    void notify.info(
      count === 0
        ? vscode.l10n.t('Veo Studio: there is no job to resume. Checks and saves that wait out a fault try again now.')
        : count === 1
          ? vscode.l10n.t('Veo Studio: resumed 1 job.')
          : vscode.l10n.t('Veo Studio: resumed {0} jobs.', count),
    );
    return count;
  };

  const remove = async (arg: unknown, options: unknown) => {
    const job = await jobFromArgs(jobs, arg, () => true, vscode.l10n.t('remove'));
    if (!job) return false;
    const given = optionsArg(options) as RemoveArgs | undefined;
    const video = job.output ? vscode.Uri.file(job.output.file) : undefined;
    const name = `“${shortPrompt(job.request.prompt, 40)}”`;

    let deleteVideo = given?.deleteVideo === true;
    if (!given && (video || isActive(job))) {
      const removeOnly = vscode.l10n.t('Remove from List');
      const removeAndDelete = vscode.l10n.t('Remove and Delete Video');
      const choice = await notify.warning(
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
    if (manager.remove(job.id) === 'afterAnswer') {
      // Its POST is on the wire: the service may be taking (and billing) it right now.
      void notify.info(
        vscode.l10n.t(
          'Veo Studio: {0} is being sent: it goes once the service answers. If the service took it, it stays in the list, cancelled, with its id, since it may still be billed; Remove it again then to forget it.',
          name,
        ),
      );
      log.info(`job ${job.id}: removed while it was being sent; it goes once the service answers`);
      return true;
    }
    log.info(`job ${job.id}: removed from the list${deleteVideo ? ' and its video deleted' : ''}`);
    return true;
  };

  const clearFinished = () => {
    const count = manager.clearFinished();
    void notify.info(
      count === 0
        ? vscode.l10n.t('Veo Studio: there are no finished jobs to clear.')
        : count === 1
          ? vscode.l10n.t('Veo Studio: cleared 1 finished job. Its video stays in your workspace.')
          : vscode.l10n.t('Veo Studio: cleared {0} finished jobs. Their videos stay in your workspace.', count),
    );
    return count;
  };

  const editAndRegenerate = async (arg: unknown) => {
    const job = await jobFromArgs(jobs, arg, () => true, vscode.l10n.t('edit'));
    if (!job) return;
    await vscode.commands.executeCommand(COMMANDS.openGenerator, argsFromRequest(job.request));
  };

  return vscode.Disposable.from(
    registerJobDetails(services),
    registerExtendJob(services),
    registerCommands(log, [
      { id: COMMANDS.revealVideo, run: reveal },
      { id: COMMANDS.openExternally, run: openExternally },
      { id: COMMANDS.copyPrompt, run: copyPrompt },
      // Failures reach the caller only in the explicit automation form (automationArgs.ts).
      { id: COMMANDS.resumeJob, run: resume, rethrow: rethrowWithOptions },
      { id: COMMANDS.resumeAllJobs, run: resumeAll },
      { id: COMMANDS.removeJob, run: remove, rethrow: rethrowWithOptions },
      { id: COMMANDS.clearFinishedJobs, run: clearFinished },
      { id: COMMANDS.editAndRegenerate, run: editAndRegenerate },
    ]),
  );
}
