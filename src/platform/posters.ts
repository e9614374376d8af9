// The posters the Jobs view shows (a small first frame of each saved video), kept in the
// extension's own storage folder, never in the workspace. Pages that decode a video make
// them (the preview, the compare panel, the frame decoder); the tree reads them here.
import * as vscode from 'vscode';
import { decodePngDataUrl } from '../core/frames/png';
import { PosterFiles } from '../core/frames/posterFiles';
import { Emitter } from '../core/util/events';

/** How wide a poster is made: enough for a hover, small enough to cost nothing. */
export const POSTER_WIDTH = 192;

export class PosterCache implements vscode.Disposable {
  private readonly files: PosterFiles;
  private readonly _onDidChange = new Emitter<string>();
  /** Fires with the video's path when its poster was made. */
  readonly onDidChange = this._onDidChange.event;

  constructor(
    readonly folder: vscode.Uri,
    private readonly log: { warn(message: string): void },
  ) {
    this.files = new PosterFiles(folder.fsPath);
  }

  /** Reads which posters exist (once, after activation); the tree asks again when it is done. */
  async load(): Promise<void> {
    await this.files.load();
    this._onDidChange.fire('');
  }

  /** The poster of a video saved with `bytes` bytes, if one was made. */
  get(video: string, bytes?: number): vscode.Uri | undefined {
    const file = this.files.get(video, bytes);
    return file ? vscode.Uri.file(file) : undefined;
  }

  /** Keeps a poster a page made (its PNG data URL, checked here); a bad one is logged and dropped. */
  async put(video: string, bytes: number, png: string): Promise<vscode.Uri | undefined> {
    try {
      const decoded = decodePngDataUrl(png, 2 * 1024 * 1024);
      const file = await this.files.put(video, bytes, decoded.bytes);
      this._onDidChange.fire(video);
      return vscode.Uri.file(file);
    } catch (error) {
      this.log.warn(`Could not keep the poster of ${video}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
