// The extension's side of filling a media slot: it decides which files the page may name
// (inside a workspace folder, or chosen by the person in the file dialog this session),
// checks each with inspectMedia, and describes it for the page (name, size, a thumbnail
// the webview may load, a warning for small images) — or refuses it with the reason.
// `add` carries out one of the page's four ways to fill a slot (list, dialog, drop, URL).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkTransport } from '../../core/net/urlPolicy';
import { inspectMedia, MediaError } from '../../core/media/mediaLoader';
import { formatBytes } from '../../core/util/format';
import { mediaKind, type MediaField } from '../../core/catalog/media';
import type { Log } from '../../platform/log';
import { isInWorkspace, workspaceRoots } from '../../platform/workspaceFolders';
import { findWorkspaceFiles } from '../../platform/workspaceMedia';
import type { MediaItem, MediaRefMessage, MediaSource, WorkspaceEntry } from './messages';

/** Files outside the workspace get an inline thumbnail (a data URI) only up to this size. */
const INLINE_THUMB_BYTES = 1_500_000;

export type Accepts = 'image' | 'video';

/** What came of one attempt to fill a slot: the items to add and why others were refused. */
export interface AddResult {
  readonly items: MediaItem[];
  readonly refusals: string[];
  /** The person closed the file dialog without choosing. */
  readonly cancelled: boolean;
}

export class MediaIntake {
  /** Files the person picked in the native dialog this session; the only ones allowed outside the workspace. */
  private readonly chosen = new Set<string>();

  constructor(
    private readonly webview: () => vscode.Webview | undefined,
    private readonly log: Log,
  ) {}

  /** Fills a slot the way the page asked: each file checked, each problem kept as a sentence. */
  async add(slot: MediaField, source: MediaSource): Promise<AddResult> {
    const kind = mediaKind(slot);
    const accepts: Accepts = kind.accepts;
    const items: MediaItem[] = [];
    const refusals: string[] = [];
    const attempt = async (make: () => MediaItem | Promise<MediaItem>) => {
      try {
        items.push(await make());
      } catch (error) {
        if (!(error instanceof MediaError)) this.log.error('Generator panel: checking media failed', error);
        refusals.push(error instanceof Error ? error.message : String(error));
      }
    };
    switch (source.kind) {
      case 'workspace':
        await attempt(() => this.fromFile(source.path, accepts));
        break;
      case 'url':
        await attempt(() => this.fromUrl(source.url));
        break;
      case 'dialog': {
        const files = await this.choose(accepts, kind.list);
        if (!files.length) return { items, refusals, cancelled: true };
        for (const file of files.slice(0, kind.max)) await attempt(() => this.fromFile(file, accepts));
        break;
      }
      case 'drop':
        for (const uri of source.uris.slice(0, kind.max)) {
          await attempt(() => {
            const dropped = this.fromDrop(uri);
            return dropped.kind === 'url' ? this.fromUrl(dropped.url) : this.fromFile(dropped.path, accepts);
          });
        }
        break;
    }
    return { items, refusals, cancelled: false };
  }

  /** Whether the page may name this file: in a workspace folder, or picked in the dialog. */
  allowed(file: string): boolean {
    return path.isAbsolute(file) && (isInWorkspace(file) || this.chosen.has(path.resolve(file)));
  }

  /** Checks a file and describes it for the page; throws MediaError with the reason. */
  async fromFile(file: string, accepts: Accepts): Promise<MediaItem> {
    if (!this.allowed(file)) {
      throw new MediaError(vscode.l10n.t('{0} is outside the workspace. Choose it with Browse… instead.', path.basename(file)));
    }
    const info = await inspectMedia(file, accepts, { roots: workspaceRoots });
    const detail = [info.size ? `${info.size.width}×${info.size.height}` : undefined, formatBytes(info.bytes)].filter(Boolean).join(' · ');
    return {
      ref: { kind: 'file', path: file },
      name: path.basename(file),
      detail,
      ...(accepts === 'image' ? await this.thumbnail(file, info.mime, info.bytes) : {}),
      ...(info.warning ? { warning: info.warning } : {}),
    };
  }

  /** An https URL as it is: the service downloads it. No thumbnail (the page loads nothing remote). */
  fromUrl(raw: string): MediaItem {
    const checked = checkTransport(raw.trim());
    if (!checked.ok || checked.url.protocol !== 'https:') {
      throw new MediaError(vscode.l10n.t('"{0}" is not an https URL. The service can only fetch https links.', raw.slice(0, 200)));
    }
    const url = checked.url;
    return { ref: { kind: 'url', url: url.toString() }, name: `${url.host}${url.pathname === '/' ? '' : url.pathname}`, detail: vscode.l10n.t('Linked; the service downloads it') };
  }

  /** The native file dialog; resolves with the chosen files (remembered as allowed). */
  async choose(accepts: Accepts, many: boolean): Promise<string[]> {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: many,
      openLabel: vscode.l10n.t('Use'),
      title: accepts === 'image' ? vscode.l10n.t('Choose an image') : vscode.l10n.t('Choose a video'),
      filters: accepts === 'image' ? { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] } : { [vscode.l10n.t('Videos')]: ['mp4', 'mov', 'webm'] },
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
    });
    const files = (uris ?? []).filter((u) => u.scheme === 'file').map((u) => path.resolve(u.fsPath));
    for (const f of files) this.chosen.add(f);
    return files;
  }

  /**
   * Dropped URIs (text/uri-list from the Explorer) as files inside the workspace. An https
   * link dropped from a browser is a URL. Anything else is refused with a reason.
   */
  fromDrop(raw: string): { kind: 'file'; path: string } | { kind: 'url'; url: string } {
    const text = raw.trim();
    if (/^https:\/\//i.test(text)) return { kind: 'url', url: text };
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(text, true);
    } catch {
      throw new MediaError(vscode.l10n.t('The dropped item is not a file.'));
    }
    // A remote window (code-server, SSH) names workspace files vscode-remote://host/path.
    const file = uri.scheme === 'file' ? uri.fsPath : uri.scheme === 'vscode-remote' ? vscode.Uri.file(uri.path).fsPath : undefined;
    if (!file) throw new MediaError(vscode.l10n.t('Only files can be dropped here ({0} is not supported).', `${uri.scheme}:`));
    if (!isInWorkspace(file)) {
      throw new MediaError(vscode.l10n.t('{0} is not in this workspace. Drop files from the Explorer, or use Browse….', path.basename(file)));
    }
    return { kind: 'file', path: path.resolve(file) };
  }

  /** A MediaRef from the page, checked the same way before a submit. */
  checkRef(ref: MediaRefMessage): MediaRefMessage {
    if (ref.kind === 'url') return this.fromUrl(ref.url).ref;
    if (!this.allowed(ref.path)) {
      throw new MediaError(vscode.l10n.t('{0} is outside the workspace. Choose it again with Browse….', path.basename(ref.path)));
    }
    return { kind: 'file', path: path.resolve(ref.path) };
  }

  private async thumbnail(file: string, mime: string, bytes: number): Promise<{ thumb?: string }> {
    const webview = this.webview();
    if (!webview) return {};
    // Workspace folders are localResourceRoots: the webview loads the file itself.
    if (isInWorkspace(file)) return { thumb: webview.asWebviewUri(vscode.Uri.file(file)).toString() };
    if (bytes > INLINE_THUMB_BYTES) return {};
    const data = await fs.promises.readFile(file).catch(() => undefined);
    return data ? { thumb: `data:${mime};base64,${data.toString('base64')}` } : {};
  }

  /** Workspace images (with thumbnails) and videos for the page's searchable lists. */
  async listWorkspace(): Promise<{ images: WorkspaceEntry[]; videos: WorkspaceEntry[] }> {
    const webview = this.webview();
    const [images, videos] = await Promise.all([findWorkspaceFiles('image'), findWorkspaceFiles('video')]);
    return {
      images: images
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => ({ path: f.uri.fsPath, label: f.label, ...(webview ? { thumb: webview.asWebviewUri(f.uri).toString() } : {}) })),
      videos: videos.filter((f) => f.uri.scheme === 'file').map((f) => ({ path: f.uri.fsPath, label: f.label })),
    };
  }
}
