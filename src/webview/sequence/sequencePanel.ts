// The sequence panel: a shot list played as one film — the chosen take of every shot, in
// the list's order, back to back in one player — above a strip with a tile per shot (its
// poster, number, prompt and duration, or the gap where a shot has no clip and why). One
// panel, reused; it follows the list: when its takes change (a video saved, a take chosen,
// the text edited) or the file changes on disk, it is read again. A serializer brings it
// back after a reload (the page keeps the list's path).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PANELS } from '../../platform/ids';
import type { Log } from '../../platform/log';
import type { PosterCache } from '../../platform/posters';
import { loadShotSequence, type ShotSequence } from '../../platform/shotSequence';
import type { ShotTakes } from '../../platform/shotTakes';
import { WebviewChannel, type Handled } from '../channel';
import { localRoots, renderShell } from '../html';
import { sequenceView, type ClipMedia } from './model';
import { sequenceFromPageSchema, sequenceStateSchema, sequenceToPageSchema, type SequenceFromPage, type SequenceToPage, type SequenceView } from './protocol';

const POSTED_KEPT = 50;
const MAX_POSTER_URL = 4_000_000;

export interface SequenceDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: Log;
  readonly exposeHandles: boolean;
  readonly takes: ShotTakes;
  readonly posters: PosterCache;
}

/** What `veoStudio.playSequence` returns while the extension runs its tests: the panel and its channel as the page sees it. */
export interface SequenceHandle {
  readonly panelId: number;
  /** The shot list shown (absolute path). */
  readonly shotList: string;
  receive(raw: unknown): Promise<Handled>;
  posted(): readonly SequenceToPage[];
}

let nextPanelId = 1;

export class SequenceHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private channel: WebviewChannel<SequenceFromPage, SequenceToPage> | undefined;
  private panelId = 0;
  private file: string | undefined;
  private sequence: ShotSequence | undefined;
  /** The folders the webview may load videos from now (URI strings). */
  private roots = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly fileSubscriptions: vscode.Disposable[] = [];
  /** Reading the list again: one at a time; a change meanwhile asks for one more. */
  private reading: Promise<void> | undefined;
  private readAgain = false;
  /** The shot list the page was loaded for. */
  private loadedFor: string | undefined;
  private media = new Map<string, ClipMedia>();

  constructor(private readonly deps: SequenceDeps) {}

  async open(file: string): Promise<SequenceHandle> {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(PANELS.sequence, vscode.l10n.t('Sequence'), vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: localRoots(this.deps.extensionUri) });
      this.attach(panel);
    } else {
      this.panel.reveal();
    }
    await this.show(file);
    return this.handle();
  }

  /** Takes over a panel VS Code restored after a reload. */
  async adopt(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = sequenceStateSchema.safeParse(state);
    const exists = parsed.success && (await fsp.stat(parsed.data.shotList).then((s) => s.isFile(), () => false));
    if (this.panel || !parsed.success || !exists) {
      panel.dispose();
      return;
    }
    this.attach(panel);
    await this.show(parsed.data.shotList);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.panelId = nextPanelId++;
    this.roots = new Set();
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'veo-studio.svg');
    this.channel = new WebviewChannel({
      name: 'Sequence panel',
      panel,
      incoming: sequenceFromPageSchema,
      outgoing: sequenceToPageSchema,
      log: this.deps.log,
      keepPosted: this.deps.exposeHandles ? POSTED_KEPT : 0,
      greet: async () => {
        const view = this.viewNow();
        return view ? [{ type: 'show', view }] : [];
      },
      handle: (message) => this.onMessage(message),
    });
    this.subscriptions.push(
      this.channel,
      this.deps.takes.onDidChange((changed) => {
        if (changed === this.file) this.reload();
      }),
      panel.onDidDispose(() => this.detach()),
    );
  }

  private detach(): void {
    for (const s of [...this.subscriptions.splice(0), ...this.fileSubscriptions.splice(0)]) s.dispose();
    this.panel = undefined;
    this.channel = undefined;
    this.file = undefined;
    this.sequence = undefined;
    this.loadedFor = undefined;
  }

  /** Points the panel at a shot list: reads it, and watches its file. */
  private async show(file: string): Promise<void> {
    if (file !== this.file) {
      for (const s of this.fileSubscriptions.splice(0)) s.dispose();
      this.file = file;
      this.sequence = undefined;
      // Changes on disk the takes do not see (the file is not open in an editor).
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      this.fileSubscriptions.push(watcher, watcher.onDidChange(() => this.reload()), watcher.onDidCreate(() => this.reload()), watcher.onDidDelete(() => this.reload()));
    }
    await this.read();
  }

  /** Reads the list again (after a change). */
  private reload(): void {
    if (this.file && this.panel) void this.read();
  }

  /**
   * Reads the list shown — one reading at a time: a change meanwhile, or another list
   * opened meanwhile, asks for one more reading once this one is done.
   */
  private read(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        const file = this.file;
        if (!file || !this.panel) return;
        let sequence: ShotSequence;
        try {
          sequence = await loadShotSequence(this.deps.takes, file);
        } catch (error) {
          this.deps.log.warn(`Sequence panel: could not read ${file}: ${error instanceof Error ? error.message : String(error)}`);
          sequence = { file, title: path.basename(file), problem: readProblem(error), slots: [], sequence: { title: path.basename(file), clips: [] } };
        }
        if (this.file !== file) {
          this.readAgain = true;
          continue;
        }
        this.sequence = sequence;
        await this.present();
      } while (this.readAgain);
    })().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /**
   * The webview's folders: the workspace folder of each clip, and nothing outside the
   * workspace (takes are saved inside it; a clip found elsewhere does not play, and the page
   * says so).
   */
  private rootsOf(sequence: ShotSequence): Set<string> {
    const roots = new Set<string>();
    for (const clip of sequence.sequence.clips) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(clip.file));
      if (folder) roots.add(folder.uri.toString());
    }
    return roots;
  }

  /** Shows what was read: a fresh page when the webview must be allowed a new folder, else the new view posted. */
  private async present(): Promise<void> {
    const panel = this.panel;
    const sequence = this.sequence;
    if (!panel || !sequence) return;
    panel.title = vscode.l10n.t('Sequence: {0}', sequence.title);
    this.media = await this.mediaOf(sequence, panel.webview);
    const roots = this.rootsOf(sequence);
    const fresh = [...roots].some((r) => !this.roots.has(r));
    // A new list gets a new page too: the page keeps the list's path for a reload.
    if (fresh || !this.channel!.isLoaded || this.loadedFor !== sequence.file) {
      this.loadedFor = sequence.file;
      for (const r of roots) this.roots.add(r);
      panel.webview.options = { enableScripts: true, localResourceRoots: localRoots(this.deps.extensionUri, ...[...this.roots].map((r) => vscode.Uri.parse(r))) };
      this.channel!.load(
        renderShell({
          webview: panel.webview,
          extensionUri: this.deps.extensionUri,
          title: vscode.l10n.t('Sequence'),
          script: 'sequence',
          styles: ['base.css', 'sequence.css'],
          init: { shotList: sequence.file },
          mediaSrc: true,
        }),
      );
      return;
    }
    const view = this.viewNow();
    if (view) this.channel!.post({ type: 'show', view });
  }

  /** Each clip's webview URI and poster (as a data URL: the posters' folder is not the webview's). */
  private async mediaOf(sequence: ShotSequence, webview: vscode.Webview): Promise<Map<string, ClipMedia>> {
    const media = new Map<string, ClipMedia>();
    for (const clip of sequence.sequence.clips) {
      const src = webview.asWebviewUri(vscode.Uri.file(clip.file)).toString();
      const bytes = await fsp.stat(clip.file).then((s) => s.size, () => undefined);
      const poster = bytes !== undefined ? this.deps.posters.get(clip.file, bytes) : undefined;
      const png = poster ? await fsp.readFile(poster.fsPath).then((b) => `data:image/png;base64,${b.toString('base64')}`, () => undefined) : undefined;
      // A poster is small (POSTER_WIDTH wide); a bigger file is not ours to send.
      media.set(clip.file, png && png.length < MAX_POSTER_URL ? { src, poster: png } : { src, wantsPoster: bytes !== undefined });
    }
    return media;
  }

  private viewNow(): SequenceView | undefined {
    const sequence = this.sequence;
    if (!sequence) return undefined;
    return sequenceView(sequence, (file) => this.media.get(file) ?? { src: '' });
  }

  private clipOf(index: number) {
    const slot = this.sequence?.slots.find((s) => s.index === index);
    return slot?.clip;
  }

  private async onMessage(message: SequenceFromPage): Promise<Handled> {
    if (message.type === 'ready') return 'handled';
    const clip = this.clipOf(message.index);
    if (!clip) return 'rejected';
    switch (message.type) {
      case 'poster': {
        // Made from the clip the page had: if the shot has another clip since, it is not this one's.
        if (this.media.get(clip.file)?.src !== message.src) return 'handled';
        const bytes = await fsp.stat(clip.file).then((s) => s.size, () => undefined);
        if (bytes === undefined) return 'handled';
        const kept = await this.deps.posters.put(clip.file, bytes, message.frame.png);
        // The next view carries it, so a page loaded later does not make it again.
        const had = this.media.get(clip.file);
        if (kept && had && message.frame.png.length < MAX_POSTER_URL) this.media.set(clip.file, { src: had.src, poster: message.frame.png });
        return 'handled';
      }
      case 'posterFailed':
        this.deps.log.warn(`Sequence panel: no poster of ${clip.file}: ${message.failure.reason} ${message.failure.detail}`);
        return 'handled';
      case 'videoError':
        this.deps.log.warn(`Sequence panel: ${clip.file} cannot be played here: ${message.message}`);
        return 'handled';
    }
  }

  private handle(): SequenceHandle {
    return { panelId: this.panelId, shotList: this.file!, ...this.channel!.testHandle() };
  }

  dispose(): void {
    this.panel?.dispose();
    this.detach();
  }
}

/** Why a list could not be read, in a person's words (the log has the error itself). */
function readProblem(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT') return vscode.l10n.t('the file is no longer there (deleted or moved).');
  if (code === 'EACCES' || code === 'EPERM') return vscode.l10n.t('the file may not be read (permission denied).');
  return vscode.l10n.t('it could not be read ({0}).', error instanceof Error ? error.message : String(error));
}
