// "Show Job Details": a read-only document beside the editor with everything known about a
// job (`veo-studio-job:/<prompt>.txt?<job id>`), kept current while the job changes.
import * as vscode from 'vscode';
import type { Job } from '../core/jobs/job';
import type { JobManager } from '../core/jobs/jobManager';
import { jobDetailsText, shortPrompt } from '../core/text/jobText';
import { registerCommands } from '../platform/commands';
import { COMMANDS, OTHER_IDS } from '../platform/ids';
import { jobFromArgs } from '../platform/jobPicker';
import type { Services } from '../platform/services';

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
      relative: (file) => vscode.workspace.asRelativePath(file, false),
      ...(parent ? { parent } : {}),
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChange.dispose();
  }
}

export function registerJobDetails({ manager, log }: Services): vscode.Disposable {
  const details = new JobDetailsProvider(manager);
  const showDetails = async (arg: unknown) => {
    const job = await jobFromArgs(manager.store, arg, () => true, vscode.l10n.t('show'));
    if (!job) return undefined;
    const uri = details.uriFor(job);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return uri.toString();
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(OTHER_IDS.jobDetailsScheme, details),
    details,
    registerCommands(log, [{ id: COMMANDS.showJobDetails, run: showDetails }]),
  );
}
