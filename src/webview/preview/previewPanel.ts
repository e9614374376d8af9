// The preview panel: one webview that plays a job's saved video with everything about it
// beside it, or says what went wrong and what to do. One panel is reused for whichever job
// was asked for last, and a serializer brings it back after a reload (the page keeps only
// the job id). The page's messages are validated and mapped to actions here; the page
// never names a command.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isActive, type Job } from '../../core/jobs/job';
import { shortPrompt } from '../../core/text/jobText';
import { registerCommands } from '../../platform/commands';
import { COMMANDS, PANELS } from '../../platform/ids';
import { hasVideo, jobFromArgs } from '../../platform/jobPicker';
import type { Log } from '../../platform/log';
import type { Services } from '../../platform/services';
import { WebviewChannel, type Handled } from '../channel';
import { localRoots, renderShell } from '../html';
import { runIntent } from './intents';
import { previewView } from './model';
import { framesOf, onFrame, type FrameDeps } from './previewFrames';
import { fromPageSchema, isIntent, previewStateSchema, toPageSchema, type FromPage, type ToPage } from './protocol';

/** A running job's elapsed time is refreshed at this pace while the panel is visible. */
const TICK_MS = 5_000;
const POSTED_KEPT = 100;

interface PreviewDeps extends Pick<FrameDeps, 'posters'> {
  readonly extensionUri: vscode.Uri;
  readonly jobs: Services['manager']['store'];
  readonly log: Log;
  /** Whether the test handle records what is posted (the extension's test mode only). */
  readonly exposeHandles: boolean;
}

/**
 * What `veoStudio.openVideo` returns while the extension runs its tests: which panel shows
 * which job (the same `panelId` means it was reused), and its message channel as the page
 * sees it, through the same validation. Other callers get nothing back.
 */
export interface PreviewHandle {
  readonly panelId: number;
  readonly jobId: string;
  /** Handles a message as if the page had posted it; 'rejected' when it is malformed or refused. */
  receive(raw: unknown): Promise<Handled>;
  /** The messages the extension posted to the page, oldest first (the last 100). */
  posted(): readonly ToPage[];
}

/**
 * The preview and its command, `veoStudio.openVideo` (a tree row's click, the palette, a
 * notification's Open), plus the serializer that brings the panel back after a reload.
 */
export function registerPreview({ extensionUri, manager, log, exposeHandles, posters }: Services): vscode.Disposable {
  const host = new PreviewHost({ extensionUri, jobs: manager.store, log, exposeHandles, posters });
  return vscode.Disposable.from(
    host,
    vscode.window.registerWebviewPanelSerializer(PANELS.preview, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const parsed = previewStateSchema.safeParse(state);
        await host.adopt(panel, parsed.success ? parsed.data.jobId : undefined);
      },
    }),
    registerCommands(log, [
      {
        id: COMMANDS.openVideo,
        run: async (arg) => {
          const job = await jobFromArgs(manager.store, arg, hasVideo, vscode.l10n.t('open'));
          if (!job) return undefined;
          const handle = await host.open(job.id);
          return exposeHandles ? handle : undefined;
        },
      },
    ]),
  );
}

let nextPanelId = 1;

class PreviewHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private channel: WebviewChannel<FromPage, ToPage> | undefined;
  private panelId = 0;
  private panelSubscriptions: vscode.Disposable[] = [];
  private jobId: string | undefined;
  /** The folders of videos the webview may currently load from (as URI strings). */
  private videoRoots = new Set<string>();
  private tick: ReturnType<typeof setTimeout> | undefined;
  private updateQueued = false;
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: PreviewDeps) {
    const jobs = deps.jobs.onDidChange(({ job }) => {
      const shown = this.jobId ? deps.jobs.get(this.jobId) : undefined;
      // The shown job changed, or the job it extends (its title appears in the details).
      if (job.id === this.jobId || job.id === shown?.parentId) this.queueUpdate();
    });
    const posters = deps.posters.onDidChange((video) => {
      if (video && this.jobId && deps.jobs.get(this.jobId)?.output?.file === video) this.queueUpdate();
    });
    this.subscription = { dispose: () => (jobs.dispose(), posters.dispose()) };
  }

  async open(jobId: string, options: { preserveFocus?: boolean } = {}): Promise<PreviewHandle> {
    if (!this.deps.jobs.get(jobId)) throw new Error(vscode.l10n.t('There is no job {0} in the list.', jobId));
    if (this.panel) {
      this.panel.reveal(undefined, options.preserveFocus);
    } else {
      const panel = vscode.window.createWebviewPanel(
        PANELS.preview,
        vscode.l10n.t('Video Preview'),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
        { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: localRoots(this.deps.extensionUri) },
      );
      this.attach(panel);
    }
    await this.show(jobId);
    return this.handle();
  }

  /** Takes over a panel VS Code restored after a reload. */
  async adopt(panel: vscode.WebviewPanel, jobId: string | undefined): Promise<void> {
    if (this.panel) {
      // There is only ever one preview; a second restored one is a leftover.
      panel.dispose();
      return;
    }
    this.attach(panel);
    if (jobId) {
      await this.show(jobId);
    } else {
      this.jobId = undefined;
      this.render(undefined);
    }
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.panelId = nextPanelId++;
    this.videoRoots = new Set();
    this.channel = new WebviewChannel({
      name: 'Preview',
      panel,
      incoming: fromPageSchema,
      outgoing: toPageSchema,
      log: this.deps.log,
      keepPosted: this.deps.exposeHandles ? POSTED_KEPT : 0,
      greet: async () => {
        const message = await this.current();
        this.scheduleTick();
        return message ? [message] : [];
      },
      handle: (message) => this.onMessage(message),
    });
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'veo-studio.svg');
    this.panelSubscriptions = [this.channel, panel.onDidChangeViewState(() => this.scheduleTick()), panel.onDidDispose(() => this.detach())];
  }

  private detach(): void {
    for (const s of this.panelSubscriptions) s.dispose();
    this.panelSubscriptions = [];
    this.panel = undefined;
    this.channel = undefined;
    this.jobId = undefined;
    if (this.tick) clearTimeout(this.tick);
    this.tick = undefined;
  }

  /**
   * Points the panel at a job. A fresh page only when the webview must be allowed a folder it
   * was not: the folders of videos shown before stay allowed, so the next job saved beside
   * them (a regenerated or extended one) shows without reloading the page, and the keyboard
   * focus stays where it was.
   */
  private async show(jobId: string): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    this.jobId = jobId;
    const job = this.deps.jobs.get(jobId);
    panel.title = job ? vscode.l10n.t('Video: {0}', shortPrompt(job.request.prompt, 32)) : vscode.l10n.t('Video Preview');
    const folder = videoFolderOf(job);
    if (!this.channel?.isLoaded || (folder && !this.videoRoots.has(folder.toString()))) {
      if (folder) this.videoRoots.add(folder.toString());
      this.render(jobId);
    } else {
      await this.update();
    }
  }

  private render(jobId: string | undefined): void {
    const panel = this.panel!;
    const roots = localRoots(this.deps.extensionUri, ...[...this.videoRoots].map((r) => vscode.Uri.parse(r)));
    panel.webview.options = { enableScripts: true, localResourceRoots: roots };
    this.channel!.load(
      renderShell({
        webview: panel.webview,
        extensionUri: this.deps.extensionUri,
        title: vscode.l10n.t('Video Preview'),
        script: 'preview',
        styles: ['base.css', 'preview.css'],
        init: { jobId: jobId ?? null },
        mediaSrc: true,
      }),
    );
  }

  private queueUpdate(): void {
    if (this.updateQueued) return;
    this.updateQueued = true;
    queueMicrotask(() => {
      this.updateQueued = false;
      void this.update();
    });
  }

  /** Sends the page the current view of the job, if a page listens (a new one is greeted with it). */
  private async update(): Promise<void> {
    const channel = this.channel;
    if (!channel?.isReady) return;
    const message = await this.current();
    if (message && channel === this.channel) channel.post(message);
    this.scheduleTick();
  }

  /** What the page should show now: the job's view, or that it is gone (undefined: nothing, or a new page is on its way). */
  private async current(): Promise<ToPage | undefined> {
    const panel = this.panel;
    const jobId = this.jobId;
    if (!panel || !jobId) return undefined;
    const job = this.deps.jobs.get(jobId);
    if (!job) {
      return { type: 'gone', jobId, message: vscode.l10n.t('This job is no longer in the Jobs list. Its video, if it was saved, is still in your workspace.') };
    }
    const folder = videoFolderOf(job);
    if (folder && !this.videoRoots.has(folder.toString())) {
      // It was saved since it was shown: the page needs the video's folder as a root.
      await this.show(jobId);
      return undefined;
    }
    const fileExists = job.output ? await exists(vscode.Uri.file(job.output.file)) : false;
    // The strip is a nicety: a sidecar that cannot be read must not keep the video from showing.
    const frames = fileExists ? await framesOf(job, panel.webview, this.deps.posters).catch(() => ({})) : {};
    // Anything may have happened while we waited: re-check before touching the webview.
    if (this.panel !== panel || this.jobId !== jobId || !this.channel || this.channel.isDisposed) return undefined;
    const shown = this.deps.jobs.get(jobId) ?? job;
    const parent = shown.parentId ? this.deps.jobs.get(shown.parentId) : undefined;
    const view = previewView(shown, {
      now: Date.now(),
      relative: (file) => vscode.workspace.asRelativePath(file, false),
      ...(parent ? { parent } : {}),
      fileExists,
      ...frames,
      ...(shown.output && fileExists ? { videoSrc: panel.webview.asWebviewUri(vscode.Uri.file(shown.output.file)).toString() } : {}),
    });
    return { type: 'show', view };
  }

  private async onMessage(message: FromPage): Promise<Handled> {
    if (message.type === 'ready') return 'handled'; // the channel greets the page
    if (message.type === 'videoError') {
      this.deps.log.warn(`Preview: the video of job ${message.jobId} did not play: ${message.message}`);
      return 'handled';
    }
    if (message.jobId !== this.jobId) {
      // A click on a job the panel no longer shows: ignore it rather than act on the wrong one.
      this.deps.log.warn(`Preview: ignored "${message.type}" for job ${message.jobId}, which is no longer shown`);
      await this.update();
      return 'rejected';
    }
    if (message.type === 'frame' || message.type === 'frameFailed') {
      const job = this.deps.jobs.get(message.jobId);
      if (job) await onFrame(message, job, this.deps);
      await this.update();
      return 'handled';
    }
    if (!isIntent(message)) return 'rejected';
    try {
      const next = await runIntent(message.type, message.jobId);
      if (next && this.panel && this.deps.jobs.get(next)) await this.show(next);
      else await this.update();
    } catch (error) {
      this.deps.log.error(`Preview: "${message.type}" failed`, error);
      await this.update();
    }
    return 'handled';
  }

  private handle(): PreviewHandle {
    return { panelId: this.panelId, jobId: this.jobId!, ...this.channel!.testHandle() };
  }

  private scheduleTick(): void {
    if (this.tick || !this.panel?.visible || !this.jobId) return;
    const job = this.deps.jobs.get(this.jobId);
    if (!job || !isActive(job)) return;
    this.tick = setTimeout(() => {
      this.tick = undefined;
      void this.update();
    }, TICK_MS);
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
    this.detach();
  }
}

/** The folder of a job's saved video, which the webview must be allowed to load from. */
function videoFolderOf(job: Job | undefined): vscode.Uri | undefined {
  return job?.output ? vscode.Uri.file(path.dirname(job.output.file)) : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
