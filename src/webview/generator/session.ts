// One open generator panel: its page, from `ready` to disposal. Through the channel (which
// validates every message both ways) it greets the page with what it needs, answers its
// requests, keeps its lists of workspace images and videos current, tells it when the key
// changes, and hands submissions on (submission.ts).
import * as vscode from 'vscode';
import type { VeoClient } from '../../core/api/client';
import { findModel } from '../../core/catalog/catalog';
import { allRefs } from '../../core/catalog/media';
import type { JobRequest } from '../../core/jobs/job';
import { pricedOptions } from '../../core/money/plan';
import type { PriceBook } from '../../core/money/priceBook';
import type { Event } from '../../core/util/events';
import type { JobManager } from '../../core/jobs/jobManager';
import { BUILT_IN, COMMANDS } from '../../platform/ids';
import type { Log } from '../../platform/log';
import { IMAGE_GLOB, VIDEO_GLOB } from '../../platform/workspaceMedia';
import { WebviewChannel, type Answer } from '../channel';
import { renderShell } from '../html';
import type { Account } from './account';
import { MediaIntake } from './mediaIntake';
import { extensionMessageSchema, pageMessageSchema, type EstimateMessage, type ExtensionMessage, type PageMessage } from './messages';
import { continuationOf, prefillFromArgs, type Continuation } from './prefill';
import { submitDraft } from './submission';

const POSTED_KEPT = 200;
/** New or deleted files are listed again after this quiet time (a checkout touches many). */
const MEDIA_REFRESH_MS = 500;

export interface SessionDeps {
  readonly extensionUri: vscode.Uri;
  readonly manager: Pick<JobManager, 'submit' | 'store'>;
  readonly prices: Pick<PriceBook, 'quote'>;
  /** For the balance a budget question shows. */
  readonly client: Pick<VeoClient, 'getBalance'>;
  readonly keys: { has(): Promise<boolean>; readonly onDidChange: Event<boolean> };
  readonly log: Log;
  /** Whether the test handle records what is posted (the extension's test mode only). */
  readonly exposeHandles: boolean;
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
  private readonly channel: WebviewChannel<PageMessage, ExtensionMessage>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private mediaTimer: ReturnType<typeof setTimeout> | undefined;
  private listing: ReturnType<MediaIntake['listWorkspace']> | undefined;
  /**
   * Whether a submit is on its way. Its page may be gone before the answer comes (a hidden
   * panel destroys its page): the next page is told it is sending, and hears the outcome.
   */
  private sending = false;
  private disposed = false;
  /** The job the pre-filled form continues (from one of its frames), while that frame is still its image. */
  private continuation: Continuation | undefined;
  readonly handle: GeneratorHandle;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: SessionDeps,
    readonly id: number,
    private readonly hooks: SessionHooks,
  ) {
    this.intake = new MediaIntake(() => (this.disposed ? undefined : this.panel.webview), deps.log);
    this.channel = new WebviewChannel({
      name: 'Generator panel',
      panel,
      incoming: pageMessageSchema,
      outgoing: extensionMessageSchema,
      log: deps.log,
      keepPosted: deps.exposeHandles ? POSTED_KEPT : 0,
      greet: () => this.greet(),
      handle: (message, answer) => this.onMessage(message, answer),
    });
    this.handle = { panelId: id, ...this.channel.testHandle() };
    panel.webview.options = { enableScripts: true, localResourceRoots: hooks.roots() };
    this.channel.load(
      renderShell({
        webview: panel.webview,
        extensionUri: deps.extensionUri,
        title: vscode.l10n.t('Generate a video'),
        script: 'generator',
        styles: ['base.css', 'generator.css'],
      }),
    );
    // New or deleted images and videos update the page's lists (changes to a file do not matter).
    const watchers = [IMAGE_GLOB, VIDEO_GLOB].map((glob) => vscode.workspace.createFileSystemWatcher(glob, false, true, false));
    this.subscriptions.push(
      this.channel,
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

  /** Applies an argument object to the form: now if the page listens, else right after its greeting. */
  async prefill(arg: Record<string, unknown>): Promise<void> {
    this.continuation = continuationOf(arg);
    const prefill = await prefillFromArgs(arg, this.intake);
    this.channel.post({ type: 'prefill', prefill });
  }

  /** What a freshly loaded page needs first. */
  private async greet(): Promise<ExtensionMessage[]> {
    const [media, account] = await Promise.all([this.workspaceMedia(), this.hooks.account(false)]);
    return [{ type: 'init', ...media, hasKey: account.hasKey, balance: account.balance ?? null, sending: this.sending }];
  }

  private async onMessage(message: PageMessage, answer: (reply: Answer<ExtensionMessage>) => boolean): Promise<void> {
    switch (message.type) {
      case 'ready':
        return; // the channel greets the page
      case 'addMedia': {
        const { slot } = message;
        const { items, refusals, cancelled } = await this.intake.add(slot, message.source);
        const refused = refusals.join(' ');
        if (cancelled) answer({ type: 'mediaCancelled', slot });
        else if (items.length) answer({ type: 'mediaAdded', slot, items, ...(refused ? { refused } : {}) });
        else answer({ type: 'mediaRefused', slot, message: refused });
        return;
      }
      case 'estimate': {
        const model = findModel(message.model);
        const q = model ? await this.deps.prices.quote(model.id, pricedOptions({ model: model.id, options: message.options })) : undefined;
        const estimate: EstimateMessage | null =
          q?.kind === 'estimate' ? { kind: 'estimate', usd: q.usd, basis: q.basis, asOf: q.asOf, stale: q.stale } : q?.kind === 'variable' ? { kind: 'variable' } : null;
        answer({ type: 'estimate', estimate });
        return;
      }
      case 'refreshMedia':
        return this.sendWorkspaceMedia();
      case 'submit': {
        // One at a time: a page that did not know one was on its way must not pay twice.
        if (this.sending) {
          answer({ type: 'submitFailed', message: vscode.l10n.t('The previous request is still being sent; its answer comes here.'), issues: [], needsKey: false });
          return;
        }
        const continuation = this.continuation;
        // A job made from the continued frame is shown under the job it continues.
        const parentOf = (media: JobRequest['media']) =>
          continuation && allRefs(media).some((r) => r.kind === 'file' && r.path === continuation.frame) ? continuation.job : undefined;
        this.sending = true;
        let result;
        try {
          result = await submitDraft({ ...this.deps, intake: this.intake, parentOf }, message.draft, message.variations);
        } finally {
          this.sending = false;
        }
        // The balance changed (or the key turned out to be wrong): the page shows the new one.
        void this.sendAccount(true).catch(() => undefined);
        // The page that asked is gone (hidden, say): the page there now, or the next one after
        // its greeting (the channel holds it), hears how it ended.
        if (!answer(result)) this.channel.post({ type: 'submitOutcome', outcome: result });
        return;
      }
      case 'showJobs':
        await vscode.commands.executeCommand(BUILT_IN.focusJobs);
        return;
      case 'setApiKey':
        // A new key reaches the page through keys.onDidChange (which refreshes the balance).
        await vscode.commands.executeCommand(COMMANDS.setApiKey);
        return;
    }
  }

  private async sendWorkspaceMedia(): Promise<void> {
    const media = await this.workspaceMedia();
    this.channel.post({ type: 'workspaceMedia', ...media });
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
      // A page that is not listening gets a fresh list in its greeting.
      if (this.channel.isReady) void this.sendWorkspaceMedia().catch((e: unknown) => this.deps.log.error('Generator panel: listing media failed', e));
    }, MEDIA_REFRESH_MS);
  }

  private async sendAccount(fresh: boolean): Promise<void> {
    const account = await this.hooks.account(fresh);
    this.channel.post({ type: 'account', hasKey: account.hasKey, balance: account.balance ?? null });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.mediaTimer) clearTimeout(this.mediaTimer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.hooks.onDispose(this);
    this.panel.dispose();
  }
}
