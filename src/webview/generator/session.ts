// One open generator panel: its page, from `ready` to disposal. It answers the page's
// messages after validating every one of them, keeps the page's lists of workspace images
// and videos current, tells it when the key changes, and hands submissions on (submission.ts).
import * as vscode from 'vscode';
import { findModel } from '../../core/catalog/catalog';
import type { MediaField } from '../../core/catalog/types';
import type { PriceBook } from '../../core/pricing/priceBook';
import type { Event } from '../../core/util/events';
import type { JobManager } from '../../core/jobs/jobManager';
import { BUILT_IN, COMMANDS } from '../../platform/ids';
import type { Log } from '../../platform/log';
import { IMAGE_GLOB, VIDEO_GLOB } from '../../platform/workspaceMedia';
import { renderShell } from '../html';
import type { Account } from './account';
import { MediaIntake } from './mediaIntake';
import { describeIssues, extensionMessageSchema, pageMessageSchema, type Draft, type ExtensionMessage, type MediaSource, type PageMessage, type Prefill } from './messages';
import { prefillFromArgs } from './prefill';
import { submitDraft } from './submission';

const POSTED_KEPT = 200;
/** New or deleted files are listed again after this quiet time (a checkout touches many). */
const MEDIA_REFRESH_MS = 500;

export interface SessionDeps {
  readonly extensionUri: vscode.Uri;
  readonly manager: Pick<JobManager, 'submit'>;
  readonly prices: Pick<PriceBook, 'estimate'>;
  readonly keys: { has(): Promise<boolean>; readonly onDidChange: Event<boolean> };
  readonly log: Log;
}

/** What the session needs from the host that owns it. */
export interface SessionHooks {
  /** The folders the webview may load from. */
  roots(): vscode.Uri[];
  account(fresh: boolean): Promise<Account>;
  onDispose(session: GeneratorSession): void;
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

export class GeneratorSession implements vscode.Disposable {
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
    private readonly deps: SessionDeps,
    readonly id: number,
    private readonly hooks: SessionHooks,
  ) {
    this.intake = new MediaIntake(() => (this.disposed ? undefined : this.panel.webview), deps.log);
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
    }, MEDIA_REFRESH_MS);
  }

  private async sendAccount(fresh: boolean): Promise<void> {
    const account = await this.hooks.account(fresh);
    if (this.ready) this.post({ type: 'account', hasKey: account.hasKey, balance: account.balance ?? null });
  }

  private async addMedia(requestId: number, slot: MediaField, source: MediaSource): Promise<void> {
    const { items, refusals, cancelled } = await this.intake.add(slot, source);
    if (cancelled) return this.post({ type: 'mediaCancelled', requestId, slot });
    if (items.length) this.post({ type: 'mediaAdded', requestId, slot, items });
    if (refusals.length) this.post({ type: 'mediaRefused', requestId, slot, message: refusals.join(' ') });
  }

  private async submit(requestId: number, draft: Draft, variations: number): Promise<void> {
    const answer = await submitDraft({ ...this.deps, intake: this.intake }, draft, variations);
    // The balance changed (or the key turned out to be wrong): the page shows the new one.
    void this.sendAccount(true).catch(() => undefined);
    this.post({ ...answer, requestId });
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
