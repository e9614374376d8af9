// The compare panel: two videos side by side — two takes of a shot, a video and its
// continuation, two variations — playing, pausing, seeking and stepping frame by frame
// together, with what differs between their recipes highlighted. One panel, reused; a
// serializer brings it back after a reload (the page keeps the two paths).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSidecar } from '../../core/frames/frameStore';
import { PANELS } from '../../platform/ids';
import type { PosterCache } from '../../platform/posters';
import type { Services } from '../../platform/services';
import { resolveVideo, type VideoRef } from '../../platform/videoRefs';
import { WebviewChannel, type Handled } from '../channel';
import { localRoots, renderShell } from '../html';
import { compareView, type CompareSide } from './model';
import { compareFromPageSchema, compareStateSchema, compareToPageSchema, type CompareFromPage, type CompareToPage } from './protocol';

const POSTED_KEPT = 50;

/** What `veoStudio.compareVideos` returns while the extension runs its tests: the panel and its channel as the page sees it. */
export interface CompareHandle {
  readonly panelId: number;
  readonly left: string;
  readonly right: string;
  receive(raw: unknown): Promise<Handled>;
  posted(): readonly CompareToPage[];
}

let nextPanelId = 1;

export class CompareHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private channel: WebviewChannel<CompareFromPage, CompareToPage> | undefined;
  private panelId = 0;
  private sides: [VideoRef, VideoRef] | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Pick<Services, 'extensionUri' | 'manager' | 'log' | 'exposeHandles'> & { readonly posters: PosterCache }) {}

  async open(left: VideoRef, right: VideoRef): Promise<CompareHandle> {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(PANELS.compare, vscode.l10n.t('Compare'), vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: localRoots(this.services.extensionUri) });
      this.attach(panel);
    } else {
      this.panel.reveal();
    }
    this.show(left, right);
    return this.handle();
  }

  /** Takes over a panel VS Code restored after a reload. */
  async adopt(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (this.panel) {
      panel.dispose();
      return;
    }
    const parsed = compareStateSchema.safeParse(state);
    const refs = parsed.success
      ? await Promise.all([parsed.data.left, parsed.data.right].map((p) => resolveVideo(this.services.manager.store, p, '').catch(() => undefined)))
      : [];
    if (!refs[0] || !refs[1]) {
      panel.dispose();
      return;
    }
    this.attach(panel);
    this.show(refs[0], refs[1]);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.panelId = nextPanelId++;
    panel.iconPath = vscode.Uri.joinPath(this.services.extensionUri, 'media', 'veo-studio.svg');
    this.channel = new WebviewChannel({
      name: 'Compare panel',
      panel,
      incoming: compareFromPageSchema,
      outgoing: compareToPageSchema,
      log: this.services.log,
      keepPosted: this.services.exposeHandles ? POSTED_KEPT : 0,
      greet: async () => {
        const view = await this.view();
        return view ? [view] : [];
      },
      handle: (message) => this.onMessage(message),
    });
    this.subscriptions.push(this.channel, panel.onDidDispose(() => this.detach()));
  }

  private detach(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.panel = undefined;
    this.channel = undefined;
    this.sides = undefined;
  }

  /** A fresh page for two videos (the webview must be allowed both their folders). */
  private show(left: VideoRef, right: VideoRef): void {
    const panel = this.panel!;
    this.sides = [left, right];
    panel.title = vscode.l10n.t('Compare: {0} | {1}', path.basename(left.file), path.basename(right.file));
    const folders = [...new Set([left.file, right.file].map((f) => path.dirname(f)))].map((f) => vscode.Uri.file(f));
    panel.webview.options = { enableScripts: true, localResourceRoots: localRoots(this.services.extensionUri, ...folders) };
    this.channel!.load(
      renderShell({
        webview: panel.webview,
        extensionUri: this.services.extensionUri,
        title: vscode.l10n.t('Compare'),
        script: 'compare',
        styles: ['base.css', 'compare.css'],
        init: { left: left.file, right: right.file },
        mediaSrc: true,
      }),
    );
  }

  private async side(ref: VideoRef, webview: vscode.Webview): Promise<CompareSide> {
    const sidecar = ref.sidecar ? await readSidecar(ref.sidecar) : undefined;
    const bytes = await this.bytesOf(ref);
    return {
      file: ref.file,
      src: webview.asWebviewUri(vscode.Uri.file(ref.file)).toString(),
      ...(ref.job ? { job: ref.job } : {}),
      ...(sidecar ? { sidecar } : {}),
      wantsPoster: bytes !== undefined && !this.services.posters.get(ref.file, bytes),
    };
  }

  private async bytesOf(ref: VideoRef): Promise<number | undefined> {
    return ref.job?.output?.bytes ?? (await fsp.stat(ref.file).then((s) => s.size, () => undefined));
  }

  private async view(): Promise<CompareToPage | undefined> {
    const panel = this.panel;
    const sides = this.sides;
    if (!panel || !sides) return undefined;
    const [left, right] = await Promise.all(sides.map((s) => this.side(s, panel.webview)));
    return { type: 'show', view: compareView(left!, right!) };
  }

  private async onMessage(message: CompareFromPage): Promise<Handled> {
    const sides = this.sides;
    if (message.type === 'ready' || !sides) return 'handled';
    switch (message.type) {
      case 'swap':
        this.show(sides[1], sides[0]);
        return 'handled';
      case 'poster': {
        const ref = message.side === 'left' ? sides[0] : sides[1];
        const bytes = await this.bytesOf(ref);
        if (bytes !== undefined) await this.services.posters.put(ref.file, bytes, message.frame.png);
        return 'handled';
      }
      case 'posterFailed':
      case 'videoError': {
        const ref = message.side === 'left' ? sides[0] : sides[1];
        this.services.log.warn(`Compare panel: ${ref.file}: ${message.type === 'videoError' ? message.message : `${message.failure.reason} ${message.failure.detail}`}`);
        return 'handled';
      }
    }
  }

  private handle(): CompareHandle {
    return { panelId: this.panelId, left: this.sides![0].file, right: this.sides![1].file, ...this.channel!.testHandle() };
  }

  dispose(): void {
    this.panel?.dispose();
    this.detach();
  }
}
