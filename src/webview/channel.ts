// The extension's side of a webview's message channel, one for every panel. It owns the
// rules both panels live by:
// - handshake: the page says `ready` when it has loaded; the owner greets it (`greet`), and
//   only then do other messages reach it. A panel that is hidden (its page is destroyed,
//   since panels do not retain their context) or given new HTML is not ready until its new
//   page says so. Messages posted meanwhile are held, the latest of each type, and follow
//   the greeting (unless it already carried a message of that type).
// - validation both ways: a page message the schema refuses is dropped and logged (never
//   echoed); a message of ours the schema refuses is not posted, and logged.
// - requests: a page message with a `requestId` gets its answer through `answer`, which
//   reaches only the page that asked (a reloaded page numbers its requests anew); when the
//   handler throws, the channel answers `requestFailed` itself, so nothing waits forever.
// - disposal: once the panel is gone nothing is posted, whatever was awaited meanwhile.
// - tests: with `keepPosted` (only in the extension's test mode) the channel records what it
//   posted, bounded, and `testHandle` lets a test speak as the page, through the same checks.
import * as vscode from 'vscode';
import type * as z from 'zod/mini';
import type { Log } from '../platform/log';
import { describeIssues, typeForLog, type RequestFailed } from './shared/messages';

type Message = { readonly type: string };
type Request = { readonly requestId: number };

/** Outgoing messages that answer a request, without the id (the channel fills it in). */
export type Answer<Out> = Out extends Request ? Omit<Out, 'requestId'> : never;

export type Handled = 'handled' | 'rejected';

export interface ChannelOptions<In extends Message, Out extends Message> {
  /** Who speaks in the log ("Generator panel"). */
  readonly name: string;
  readonly panel: vscode.WebviewPanel;
  readonly incoming: z.ZodMiniType<In>;
  /** The outgoing messages; for a channel with requests, they include `requestFailed` (shared/messages.ts). */
  readonly outgoing: z.ZodMiniType<Out>;
  readonly log: Log;
  /** How many posted messages to keep for tests; 0 (the default) keeps none. */
  readonly keepPosted?: number;
  /** The first message(s) a freshly loaded page gets, once it says `ready`. */
  greet(): Promise<readonly Out[]>;
  /**
   * Handles every other valid message. `answer` replies to a request (a message with a
   * `requestId`) and says whether the page that asked got it (false: it is gone — hidden,
   * reloaded — and the owner may tell its successor some other way); resolve with
   * 'rejected' to refuse a valid message (e.g. about a job no longer shown).
   */
  handle(message: In, answer: (reply: Answer<Out>) => boolean): Promise<Handled | void>;
}

/** The channel as a test sees it: as if it were the page. */
export interface ChannelTestHandle<Out> {
  /** Handles a message as if the page had posted it; 'rejected' when it is malformed or refused. */
  receive(raw: unknown): Promise<Handled>;
  /** The messages posted to the page, oldest first (the last `keepPosted`). */
  posted(): readonly Out[];
}

export class WebviewChannel<In extends Message, Out extends Message> implements vscode.Disposable {
  /** Counts page loads: a page that is gone never gets an answer meant for it. */
  private page = 0;
  private ready = false;
  private disposed = false;
  private loaded = false;
  private readonly held = new Map<string, Out>();
  private readonly sent: Out[] = [];
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly options: ChannelOptions<In, Out>) {
    const { panel } = options;
    this.subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.unload();
      }),
      panel.onDidDispose(() => this.dispose()),
    ];
  }

  /** Whether a loaded page listens now (it said `ready` and was greeted). */
  get isReady(): boolean {
    return this.ready && !this.disposed;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Whether the webview has been given a page (by `load`) since the channel was made. */
  get isLoaded(): boolean {
    return this.loaded && !this.disposed;
  }

  /** Gives the webview a new page: nothing reaches it until that page says `ready`. */
  load(html: string): void {
    if (this.disposed) return;
    this.unload();
    this.loaded = true;
    this.options.panel.webview.html = html;
  }

  /** Posts a message now if the page listens, else holds it (replacing a held one of its type). */
  post(message: Out): void {
    if (this.disposed) return;
    if (this.ready) {
      this.send(message);
      return;
    }
    if (!this.check(message)) return;
    this.held.delete(message.type);
    this.held.set(message.type, message);
  }

  testHandle(): ChannelTestHandle<Out> {
    return { receive: (raw) => this.receive(raw), posted: () => [...this.sent] };
  }

  async receive(raw: unknown): Promise<Handled> {
    const { name, log } = this.options;
    if (this.disposed) return 'rejected';
    const parsed = this.options.incoming.safeParse(raw);
    if (!parsed.success) {
      // Never act on a message the schema does not know, and never echo its content.
      log.warn(`${name}: dropped a malformed message (${typeForLog(raw)}) from the page: ${describeIssues(parsed.error)}`);
      return 'rejected';
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      await this.greet();
      return 'handled';
    }
    const page = this.page;
    const requestId = isRequest(message) ? message.requestId : undefined;
    const answer = (reply: Answer<Out>): boolean => {
      if (requestId === undefined) {
        log.error(`${name}: "${message.type}" is not a request; its answer "${(reply as Message).type}" was not posted`);
        return false;
      }
      return this.answer(page, { ...reply, requestId });
    };
    try {
      return (await this.options.handle(message, answer)) ?? 'handled';
    } catch (error) {
      log.error(`${name}: "${message.type}" failed`, error);
      if (requestId !== undefined) {
        const reason = vscode.l10n.t('Something went wrong ({0}). Show Log has the details.', error instanceof Error ? error.message : String(error));
        const failed: RequestFailed = { type: 'requestFailed', requestId, message: reason };
        this.answer(page, failed);
      }
      return 'handled';
    }
  }

  private async greet(): Promise<void> {
    // A second `ready` is a page that reloaded by itself: a new page all the same.
    this.unload();
    const page = this.page;
    const greeting = await this.options.greet();
    if (this.disposed || page !== this.page) return;
    this.ready = true;
    for (const message of greeting) this.send(message);
    const superseded = new Set(greeting.map((m) => m.type));
    const held = [...this.held.values()].filter((m) => !superseded.has(m.type));
    this.held.clear();
    for (const message of held) this.send(message);
  }

  /** Replies to the page that asked, if it is still there; whether it was. */
  private answer(page: number, reply: unknown): boolean {
    if (this.disposed || page !== this.page || !this.ready) {
      this.options.log.info(`${this.options.name}: an answer (${typeForLog(reply)}) was not posted: the page that asked is gone`);
      return false;
    }
    return this.send(reply);
  }

  private unload(): void {
    this.page++;
    this.ready = false;
  }

  /** Our own messages pass the same schema the page checks: a bug shows in the log, not on the page. */
  private check(message: unknown): Out | undefined {
    const checked = this.options.outgoing.safeParse(message);
    if (checked.success) return checked.data;
    this.options.log.error(`${this.options.name}: refused to post a malformed "${typeForLog(message)}" message: ${describeIssues(checked.error)}`);
    return undefined;
  }

  private send(message: unknown): boolean {
    const checked = this.check(message);
    if (!checked || this.disposed) return false;
    const keep = this.options.keepPosted ?? 0;
    if (keep > 0) {
      this.sent.push(checked);
      if (this.sent.length > keep) this.sent.splice(0, this.sent.length - keep);
    }
    void this.options.panel.webview.postMessage(checked);
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    this.held.clear();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}

function isRequest(message: Message): message is Message & Request {
  return typeof (message as Partial<Request>).requestId === 'number';
}
