// Reading frames of a video for the commands (`veoStudio.saveFrame`, Continue from Frame,
// posters) when no preview does it: a small panel opens beside the editor without taking the
// focus, its page decodes the video with the browser's own decoder (frames.page.ts), and it
// closes again once nothing more is asked of it. A webview must be visible to run, which is
// why it opens at all; the person's editor keeps the focus and its place.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OTHER_IDS } from '../../platform/ids';
import type { Log } from '../../platform/log';
import { WebviewChannel } from '../channel';
import { localRoots, renderShell } from '../html';
import { decoderFromPageSchema, decoderToPageSchema, type DecoderFromPage, type DecoderToPage, type FrameAt, type FrameData, type FrameFailure } from './protocol';

/** How long one frame may take (loading the file through the webview included). */
const GRAB_TIMEOUT_MS = 45_000;
/** The panel stays this long after the last frame, for the next one. */
const IDLE_MS = 1_500;

/** The page could not give the frame: why, in the person's words, with the browser's detail. */
export class FrameReadError extends Error {
  override readonly name = 'FrameReadError';
  constructor(
    readonly reason: FrameFailure | 'closed',
    message: string,
  ) {
    super(message);
  }
}

/** A page's failure as a sentence about `file`. */
export function frameFailureText(file: string, reason: FrameFailure | 'closed', detail: string): string {
  const name = path.basename(file);
  switch (reason) {
    case 'decode':
      return vscode.l10n.t('Veo Studio could not decode {0} here: {1}. A frame is read with the video player of VS Code, which plays H.264, VP8, VP9 and AV1 video (not HEVC/H.265).', name, detail);
    case 'noPicture':
      return vscode.l10n.t('{0} has no picture to read a frame of.', name);
    case 'timeout':
      return vscode.l10n.t('Reading a frame of {0} took too long ({1}).', name, detail);
    case 'tainted':
      return vscode.l10n.t('The webview would not hand over the pixels of {0} ({1}).', name, detail);
    case 'noCanvas':
      return vscode.l10n.t('This VS Code gave no canvas to draw a frame of {0} on.', name);
    case 'closed':
      return vscode.l10n.t('The panel reading a frame of {0} was closed before it was done.', name);
  }
}

interface Waiting {
  readonly file: string;
  /** Asked again of a page that was reloaded (hidden and shown) before it answered. */
  readonly message: DecoderToPage;
  resolve(frame: FrameData): void;
  reject(error: Error): void;
}

export class FrameGrabber implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private channel: WebviewChannel<DecoderFromPage, DecoderToPage> | undefined;
  private ready: Promise<void> | undefined;
  private markReady: (() => void) | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private roots = new Set<string>();
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  /** The frame of `file` at `at` (scaled to `maxWidth` when given); throws a FrameReadError when the video cannot give it. */
  async grab(file: string, at: FrameAt, maxWidth?: number): Promise<FrameData> {
    if (this.idle) clearTimeout(this.idle);
    const panel = this.open(path.dirname(file));
    await this.ready;
    const id = this.nextId++;
    const src = panel.webview.asWebviewUri(vscode.Uri.file(file)).toString();
    try {
      return await new Promise<FrameData>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiting.delete(id);
          reject(new FrameReadError('timeout', frameFailureText(file, 'timeout', `${GRAB_TIMEOUT_MS / 1000} s`)));
        }, GRAB_TIMEOUT_MS);
        const message: DecoderToPage = { type: 'grab', id, src, at, ...(maxWidth ? { maxWidth } : {}) };
        this.waiting.set(id, {
          file,
          message,
          resolve: (frame) => (clearTimeout(timer), resolve(frame)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        this.channel?.post(message);
      });
    } finally {
      if (!this.waiting.size) this.idle = setTimeout(() => this.close(), IDLE_MS);
    }
  }

  /** The panel, allowed to load from `folder` (a fresh page when it was not). */
  private open(folder: string): vscode.WebviewPanel {
    const fresh = !this.roots.has(folder);
    this.roots.add(folder);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(OTHER_IDS.frameDecoderPanel, vscode.l10n.t('Veo Studio: reading a frame'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: this.localRoots() });
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'veo-studio.svg');
      this.channel = new WebviewChannel<DecoderFromPage, DecoderToPage>({
        name: 'Frame decoder',
        panel: this.panel,
        incoming: decoderFromPageSchema,
        outgoing: decoderToPageSchema,
        log: this.log,
        greet: async () => {
          this.markReady?.();
          // A page that was hidden lost what it was asked: it is asked again.
          return [...this.waiting.values()].map((w) => w.message);
        },
        handle: async (message) => this.onMessage(message),
      });
      this.panel.onDidDispose(() => this.onClosed());
    } else if (!fresh) {
      return this.panel;
    }
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.panel.webview.options = { enableScripts: true, localResourceRoots: this.localRoots() };
    this.channel!.load(
      renderShell({ webview: this.panel.webview, extensionUri: this.extensionUri, title: vscode.l10n.t('Veo Studio: reading a frame'), script: 'frames', styles: ['base.css'], mediaSrc: true }),
    );
    return this.panel;
  }

  private localRoots(): vscode.Uri[] {
    return localRoots(this.extensionUri, ...[...this.roots].map((r) => vscode.Uri.file(r)));
  }

  private onMessage(message: DecoderFromPage): 'handled' | 'rejected' {
    if (message.type === 'ready') return 'handled';
    const waiting = this.waiting.get(message.id);
    if (!waiting) return 'rejected';
    this.waiting.delete(message.id);
    if (message.type === 'grabbed') waiting.resolve(message.frame);
    else {
      this.log.warn(`Frame decoder: ${waiting.file}: ${message.failure.reason}: ${message.failure.detail}`);
      waiting.reject(new FrameReadError(message.failure.reason, frameFailureText(waiting.file, message.failure.reason, message.failure.detail)));
    }
    return 'handled';
  }

  private onClosed(): void {
    this.panel = undefined;
    this.channel?.dispose();
    this.channel = undefined;
    this.roots.clear();
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      waiting.reject(new FrameReadError('closed', frameFailureText(waiting.file, 'closed', '')));
    }
  }

  private close(): void {
    this.idle = undefined;
    if (!this.waiting.size) this.panel?.dispose();
  }

  dispose(): void {
    if (this.idle) clearTimeout(this.idle);
    this.panel?.dispose();
  }
}
