// The generator panel: one webview where a person picks a model, writes the prompt, fills
// the model's media slots, sets its options, sees the cost, and submits — as often as they
// like, since the form stays. This file is the extension's side: it owns the panel (one at
// a time, revived after a reload by the serializer), answers the page's messages after
// validating every one of them, and hands submissions to the JobManager.
import { randomInt } from 'node:crypto';
import * as vscode from 'vscode';
import type { VeoClient } from '../../core/api/client';
import { ApiError, AuthError, ValidationError } from '../../core/api/errors';
import type { Balance } from '../../core/api/wire';
import { findModel, option, unknownModel, type FieldIssue } from '../../core/catalog/catalog';
import type { IntegerOption, MediaField } from '../../core/catalog/types';
import type { JobRequest, MediaRef, RequestMedia } from '../../core/jobs/job';
import type { JobManager } from '../../core/jobs/jobManager';
import { MediaError } from '../../core/media/mediaLoader';
import type { PriceBook } from '../../core/money/priceBook';
import type { Event } from '../../core/util/events';
import { registerCommands } from '../../platform/commands';
import { BUILT_IN, COMMANDS, PANELS } from '../../platform/ids';
import type { Log } from '../../platform/log';
import type { Services } from '../../platform/services';
import { folderForJob, workspaceRoots } from '../../platform/workspaceFolders';
import { IMAGE_GLOB, VIDEO_GLOB } from '../../platform/workspaceMedia';
import { localRoots, renderShell } from '../html';
import { MediaIntake, type Accepts } from './mediaIntake';
import {
  describeIssues,
  extensionMessageSchema,
  pageMessageSchema,
  type Draft,
  type ExtensionMessage,
  type MediaItem,
  type MediaSource,
  type PageMessage,
  type Prefill,
} from './messages';
import { isPrefillArg, prefillFromArgs } from './prefill';

/** A balance is asked for at most this often (the page says `ready` each time it is shown). */
const BALANCE_TTL_MS = 30_000;
const POSTED_KEPT = 200;

interface GeneratorDeps {
  readonly extensionUri: vscode.Uri;
  readonly manager: Pick<JobManager, 'submit'>;
  readonly prices: Pick<PriceBook, 'estimate'>;
  readonly client: Pick<VeoClient, 'getBalance'>;
  readonly keys: { has(): Promise<boolean>; readonly onDidChange: Event<boolean> };
  readonly log: Log;
  /** Whether `veoStudio.openGenerator` hands back the panel's channel (only to the extension's own tests). */
  readonly exposeHandles: boolean;
}

/**
 * What `veoStudio.openGenerator` returns while the extension runs its tests: which panel
 * is showing (the same `panelId` means it was reused), and the panel's message channel as
 * the page sees it, through the same validation. Other callers get nothing back, so no
 * other extension can speak for the page.
 */
export interface GeneratorHandle {
  readonly panelId: number;
  /** Handles a message as if the page had posted it; 'rejected' when it is malformed. */
  receive(raw: unknown): Promise<'handled' | 'rejected'>;
  /** The messages the extension posted to the page, oldest first (the last 200). */
  posted(): readonly ExtensionMessage[];
}

/** Registers the command, the serializer that revives the panel after a reload, and owns the panel. */
export function registerGenerator(services: Services): vscode.Disposable {
  const deps: GeneratorDeps = services;
  const host = new GeneratorHost(deps);
  return vscode.Disposable.from(
    host,
    registerCommands(deps.log, [
      {
        id: COMMANDS.openGenerator,
        run: async (arg) => {
          const handle = await host.open(arg);
          return deps.exposeHandles ? handle : undefined;
        },
      },
    ]),
    vscode.window.registerWebviewPanelSerializer(PANELS.generator, {
      deserializeWebviewPanel: async (panel) => {
        host.adopt(panel);
      },
    }),
  );
}

class GeneratorHost implements vscode.Disposable {
  private current: GeneratorPanel | undefined;
  private lastId = 0;
  private balanceCache: { at: number; balance: Balance | undefined } | undefined;

  constructor(private readonly deps: GeneratorDeps) {}

  async open(arg: unknown): Promise<GeneratorHandle> {
    let panel = this.current;
    if (panel) {
      panel.reveal();
    } else {
      const created = vscode.window.createWebviewPanel(PANELS.generator, vscode.l10n.t('Veo Studio: Generate'), vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: this.roots(),
      });
      panel = this.adopt(created);
    }
    if (isPrefillArg(arg)) await panel.prefill(arg);
    return panel.handle;
  }

  /** Takes charge of a panel: a new one, or one VS Code restored after a reload. */
  adopt(webviewPanel: vscode.WebviewPanel): GeneratorPanel {
    this.current?.dispose();
    const panel = new GeneratorPanel(webviewPanel, this.deps, ++this.lastId, {
      roots: () => this.roots(),
      account: (fresh) => this.account(fresh),
      onDispose: (p) => {
        if (this.current === p) this.current = undefined;
      },
    });
    this.current = panel;
    return panel;
  }

  /** The extension's media and bundles, and the workspace folders (for thumbnails): nothing else. */
  private roots(): vscode.Uri[] {
    return localRoots(this.deps.extensionUri, ...workspaceRoots().map((r) => vscode.Uri.file(r)));
  }

  /** Whether a key is set, and the balance when the service tells it (never fails). */
  private async account(fresh: boolean): Promise<{ hasKey: boolean; balance: Balance | undefined }> {
    const hasKey = await this.deps.keys.has();
    if (!hasKey) {
      this.balanceCache = undefined;
      return { hasKey, balance: undefined };
    }
    if (!fresh && this.balanceCache && Date.now() - this.balanceCache.at < BALANCE_TTL_MS) return { hasKey, balance: this.balanceCache.balance };
    const balance = await this.deps.client.getBalance({ timeoutMs: 8000 }).catch((error: unknown) => {
      this.deps.log.info(`Generator panel: balance unavailable (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    });
    this.balanceCache = { at: Date.now(), balance };
    return { hasKey, balance };
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
  }
}

interface PanelHooks {
  roots(): vscode.Uri[];
  account(fresh: boolean): Promise<{ hasKey: boolean; balance: Balance | undefined }>;
  onDispose(panel: GeneratorPanel): void;
}

class GeneratorPanel implements vscode.Disposable {
  private readonly intake: MediaIntake;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly sent: ExtensionMessage[] = [];
  /** The page said `ready` since it was last (re)loaded: messages reach it. */
  private ready = false;
  /** A pre-fill waiting for the page to be ready. */
  private pendingPrefill: Prefill | undefined;
  private mediaTimer: ReturnType<typeof setTimeout> | undefined;
  private listing: ReturnType<MediaIntake['listWorkspace']> | undefined;
  private disposed = false;
  readonly handle: GeneratorHandle;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: GeneratorDeps,
    readonly id: number,
    private readonly hooks: PanelHooks,
  ) {
    this.intake = new MediaIntake(() => (this.disposed ? undefined : this.panel.webview));
    this.handle = { panelId: id, receive: (raw) => this.receive(raw), posted: () => [...this.sent] };
    panel.webview.options = { enableScripts: true, localResourceRoots: hooks.roots() };
    panel.webview.html = renderShell({
      webview: panel.webview,
      extensionUri: deps.extensionUri,
      title: vscode.l10n.t('Generate a video'),
      script: 'generator',
      styles: ['base.css', 'generator.css'],
    });
    // New or deleted images and videos update the page's lists (changes to a file do not matter).
    const watchers = [IMAGE_GLOB, VIDEO_GLOB].map((glob) => vscode.workspace.createFileSystemWatcher(glob, false, true, false));
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidChangeViewState(() => {
        // Hidden without retainContextWhenHidden: the page is gone until it says ready again.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (this.disposed) return;
        panel.webview.options = { enableScripts: true, localResourceRoots: hooks.roots() };
        this.scheduleMediaRefresh();
      }),
      deps.keys.onDidChange(() => void this.sendAccount(true)),
      ...watchers,
      ...watchers.flatMap((w) => [w.onDidCreate(() => this.scheduleMediaRefresh()), w.onDidDelete(() => this.scheduleMediaRefresh())]),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Applies an argument object to the form: now if the page is listening, else with `init`. */
  async prefill(arg: Record<string, unknown>): Promise<void> {
    const prefill = await prefillFromArgs(arg, this.intake);
    if (this.disposed) return;
    if (this.ready) this.post({ type: 'prefill', prefill });
    else this.pendingPrefill = prefill;
  }

  // ---- the channel ------------------------------------------------------------------------

  async receive(raw: unknown): Promise<'handled' | 'rejected'> {
    const parsed = pageMessageSchema.safeParse(raw);
    if (!parsed.success) {
      // Never act on a message the schema does not know, and never echo its content.
      const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' ? (raw as { type: string }).type.slice(0, 40) : typeof raw;
      this.deps.log.warn(`Generator panel: dropped a malformed message (${type}) from the page: ${describeIssues(parsed.error)}`);
      return 'rejected';
    }
    const message = parsed.data;
    try {
      await this.dispatch(message);
    } catch (error) {
      this.deps.log.error(`Generator panel: "${message.type}" failed`, error);
      // The page is waiting for an answer: give it one, so nothing spins forever.
      const reason = vscode.l10n.t('Something went wrong ({0}). Show Log has the details.', error instanceof Error ? error.message : String(error));
      if (message.type === 'submit') this.post({ type: 'submitFailed', requestId: message.requestId, message: reason, issues: [], needsKey: false });
      else if (message.type === 'addMedia') this.post({ type: 'mediaRefused', requestId: message.requestId, slot: message.slot, message: reason });
      else if (message.type === 'estimate') this.post({ type: 'estimate', requestId: message.requestId, estimate: null });
    }
    return 'handled';
  }

  private post(message: ExtensionMessage): void {
    if (this.disposed) return;
    // Our own messages are checked too: a bug here must not hand the page something odd.
    const checked = extensionMessageSchema.safeParse(message);
    if (!checked.success) {
      this.deps.log.error(`Generator panel: refused to post a malformed "${message.type}" message: ${describeIssues(checked.error)}`);
      return;
    }
    this.sent.push(checked.data);
    if (this.sent.length > POSTED_KEPT) this.sent.splice(0, this.sent.length - POSTED_KEPT);
    void this.panel.webview.postMessage(checked.data);
  }

  private async dispatch(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.init();
      case 'addMedia':
        return this.addMedia(message.requestId, message.slot, message.source);
      case 'estimate': {
        const model = findModel(message.model);
        const estimate = model ? await this.deps.prices.estimate(model.id, message.options) : undefined;
        this.post({ type: 'estimate', requestId: message.requestId, estimate: estimate ?? null });
        return;
      }
      case 'refreshMedia':
        return this.sendWorkspaceMedia();
      case 'submit':
        return this.submit(message.requestId, message.draft, message.variations);
      case 'showJobs':
        await vscode.commands.executeCommand(BUILT_IN.focusJobs);
        return;
      case 'setApiKey':
        // A new key reaches the page through keys.onDidChange (which refreshes the balance).
        await vscode.commands.executeCommand(COMMANDS.setApiKey);
        return;
    }
  }

  private async init(): Promise<void> {
    const [media, account] = await Promise.all([this.workspaceMedia(), this.hooks.account(false)]);
    if (this.disposed) return;
    this.ready = true;
    const prefill = this.pendingPrefill;
    this.pendingPrefill = undefined;
    this.post({ type: 'init', ...media, hasKey: account.hasKey, balance: account.balance ?? null, ...(prefill ? { prefill } : {}) });
  }

  private async sendWorkspaceMedia(): Promise<void> {
    const media = await this.workspaceMedia();
    if (this.ready) this.post({ type: 'workspaceMedia', ...media });
  }

  /**
   * The workspace's images and videos, searched once and kept until a file or folder
   * changes: the page asks again each time the panel is shown.
   */
  private workspaceMedia(): ReturnType<MediaIntake['listWorkspace']> {
    this.listing ??= this.intake.listWorkspace().catch((error: unknown) => {
      this.listing = undefined;
      throw error;
    });
    return this.listing;
  }

  private scheduleMediaRefresh(): void {
    this.listing = undefined;
    if (this.mediaTimer) clearTimeout(this.mediaTimer);
    this.mediaTimer = setTimeout(() => {
      this.mediaTimer = undefined;
      if (!this.disposed && this.ready) void this.sendWorkspaceMedia().catch((e: unknown) => this.deps.log.error('Generator panel: listing media failed', e));
    }, 500);
  }

  private async sendAccount(fresh: boolean): Promise<void> {
    const account = await this.hooks.account(fresh);
    if (this.ready) this.post({ type: 'account', hasKey: account.hasKey, balance: account.balance ?? null });
  }

  // ---- media --------------------------------------------------------------------------------

  private async addMedia(requestId: number, slot: MediaField, source: MediaSource): Promise<void> {
    const accepts: Accepts = slot === 'video_url' ? 'video' : 'image';
    const refuse = (message: string) => this.post({ type: 'mediaRefused', requestId, slot, message });
    const items: MediaItem[] = [];
    const refusals: string[] = [];
    const attempt = async (make: () => MediaItem | Promise<MediaItem>) => {
      try {
        items.push(await make());
      } catch (error) {
        if (!(error instanceof MediaError)) this.deps.log.error('Generator panel: checking media failed', error);
        refusals.push(error instanceof Error ? error.message : String(error));
      }
    };
    switch (source.kind) {
      case 'workspace':
        await attempt(() => this.intake.fromFile(source.path, accepts));
        break;
      case 'url':
        await attempt(() => this.intake.fromUrl(source.url));
        break;
      case 'dialog': {
        const files = await this.intake.choose(accepts, slot === 'image_urls');
        if (!files.length) {
          this.post({ type: 'mediaCancelled', requestId, slot });
          return;
        }
        for (const file of files.slice(0, 3)) await attempt(() => this.intake.fromFile(file, accepts));
        break;
      }
      case 'drop':
        for (const uri of source.uris.slice(0, 3)) {
          await attempt(() => {
            const dropped = this.intake.fromDrop(uri);
            return dropped.kind === 'url' ? this.intake.fromUrl(dropped.url) : this.intake.fromFile(dropped.path, accepts);
          });
        }
        break;
    }
    if (items.length) this.post({ type: 'mediaAdded', requestId, slot, items });
    if (refusals.length) refuse(refusals.join(' '));
  }

  // ---- submitting ---------------------------------------------------------------------------

  private async submit(requestId: number, draft: Draft, variations: number): Promise<void> {
    const fail = (message: string, issues: readonly FieldIssue[] = [], needsKey = false) =>
      this.post({ type: 'submitFailed', requestId, message, issues: [...issues], needsKey });
    const model = findModel(draft.model);
    if (!model) return fail(vscode.l10n.t('Choose a model.'), [unknownModel(draft.model)]);

    // Every file the page names is checked again here: in the workspace, or chosen in the dialog.
    const media: { -readonly [K in keyof RequestMedia]: RequestMedia[K] } = {};
    const issues: FieldIssue[] = [];
    for (const [field, value] of Object.entries(draft.media) as Array<[MediaField, Draft['media'][MediaField]]>) {
      if (value === undefined) continue;
      try {
        if (field === 'image_urls') media.image_urls = (value as MediaRef[]).map((r) => this.intake.checkRef(r));
        else media[field] = this.intake.checkRef(value as MediaRef);
      } catch (error) {
        issues.push({ field, message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (issues.length) return fail(vscode.l10n.t('Some images cannot be used; see the marked fields.'), issues);
    if (!(await this.deps.keys.has())) return fail(vscode.l10n.t('Set your AI/ML API key to generate videos.'), [], true);

    const request: JobRequest = { model: model.id, prompt: draft.prompt, media, options: draft.options };
    const seed = option(model, 'seed');
    const count = seed?.kind === 'integer' ? variations : 1;
    const seeds = count > 1 ? distinctSeeds(count, seed as IntegerOption) : undefined;
    const workspaceFolder = await folderForJob(request, { ask: true });
    if (!workspaceFolder) return fail(vscode.l10n.t('Choose the workspace folder the video should be saved in.'));

    const started: string[] = [];
    let problem: unknown;
    for (let i = 0; i < count; i++) {
      const options = seeds ? { ...request.options, seed: seeds[i]! } : request.options;
      try {
        const job = await this.deps.manager.submit({ request: { ...request, options }, workspaceFolder });
        started.push(job.id);
      } catch (error) {
        problem = error;
        break;
      }
    }
    void this.sendAccount(true).catch(() => undefined);
    if (!started.length) {
      if (problem instanceof ValidationError) {
        return fail(
          problem.serviceMessage
            ? vscode.l10n.t('The service refused the request: {0}', problem.serviceMessage)
            : vscode.l10n.t('The request is not valid; see the marked fields.'),
          problem.issues,
        );
      }
      if (problem instanceof AuthError) return fail(problem.message, [], true);
      this.deps.log.error('Generator panel: submit failed', problem);
      return fail(problem instanceof ApiError || problem instanceof Error ? problem.message : String(problem));
    }
    const message =
      started.length === 1
        ? vscode.l10n.t('Job started. The Jobs view follows it; the form stays as it is for the next one.')
        : vscode.l10n.t('{0} jobs started, each with its own random seed. The Jobs view follows them.', started.length);
    this.post({
      type: 'submitted',
      requestId,
      jobIds: started,
      message,
      ...(problem !== undefined
        ? { warning: vscode.l10n.t('Only {0} of {1} started: {2}', started.length, count, problem instanceof Error ? problem.message : String(problem)) }
        : {}),
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    if (this.mediaTimer) clearTimeout(this.mediaTimer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.hooks.onDispose(this);
    this.panel.dispose();
  }
}

/** `count` different random seeds within the option's range. */
function distinctSeeds(count: number, spec: IntegerOption): number[] {
  const seeds = new Set<number>();
  while (seeds.size < count) seeds.add(randomInt(spec.min, Math.min(spec.max, spec.min + 2 ** 47) + 1));
  return [...seeds];
}
