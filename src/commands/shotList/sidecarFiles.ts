// Which .json files in the workspace are sidecars Veo Studio wrote: kept in the context key
// `veoStudio.sidecarFiles`, so "Save as Shot" shows in the Explorer only on those.
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { JobManager } from '../../core/jobs/jobManager';
import { sidecarPathFor } from '../../core/jobs/sidecar';
import { isShotListFile } from '../../core/shotList/format';
import { looksLikeSidecarText } from '../../core/shotList/saveAsShot';
import { BUILT_IN, CONTEXT_KEYS } from '../../platform/ids';
import { readSettings } from '../../platform/settings';
import { VIDEO_GLOB } from '../../platform/workspaceMedia';

/** `<output folder>/<glob>` in every workspace folder (`glob` as `**\/*.json`). */
function outputPatterns(glob: string): vscode.RelativePattern[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => {
    const output = readSettings(folder.uri).outputFolder.replace(/\\/g, '/').replace(/\/+$/, '');
    return new vscode.RelativePattern(folder, `${output}/${glob}`);
  });
}

/**
 * Keeps the context key `veoStudio.sidecarFiles` (paths of the sidecars in the workspace).
 * Sources: the jobs' own sidecars, the .json beside each video in the output folders
 * (checked by content, once, a moment after start-up — at most SCAN_LIMIT of them, a few at
 * a time, only those no job already names), and new .json files appearing there.
 * Only the output folders are looked at: that is where sidecars are written, and a window
 * that never made a video should not pay for a workspace-wide scan.
 */
/** Sidecars read at start-up at the most, and how many at once. */
const SCAN_LIMIT = 500;
const SCAN_BATCH = 8;

export class SidecarFiles implements vscode.Disposable {
  private disposed = false;
  private readonly files = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly scanTimer: ReturnType<typeof setTimeout>;

  constructor(manager: JobManager) {
    for (const job of manager.store.all()) if (job.output?.sidecar) this.files.add(job.output.sidecar);
    this.publish();
    for (const pattern of outputPatterns('**/*.json')) {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern, false, true, false);
      this.disposables.push(
        watcher,
        watcher.onDidCreate((uri) => void this.consider(uri)),
        watcher.onDidDelete((uri) => {
          if (this.files.delete(uri.fsPath)) this.publish();
        }),
      );
    }
    this.disposables.push(
      manager.store.onDidChange(({ job }) => {
        if (job.output?.sidecar && !this.files.has(job.output.sidecar)) {
          this.files.add(job.output.sidecar);
          this.publish();
        }
      }),
    );
    // Activation does no heavy work: the one-off scan waits until the window has settled.
    this.scanTimer = setTimeout(() => void this.scan(), 5_000);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** The active editor's file when it is a known sidecar (the palette route of Save as Shot). */
  active(): vscode.Uri | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return uri && this.has(uri.fsPath) ? uri : undefined;
  }

  private async scan(): Promise<void> {
    const candidates: vscode.Uri[] = [];
    for (const pattern of outputPatterns(VIDEO_GLOB)) {
      const videos = await vscode.workspace.findFiles(pattern, undefined, SCAN_LIMIT);
      for (const video of videos) {
        const sidecar = sidecarPathFor(video.fsPath);
        if (!this.files.has(sidecar)) candidates.push(vscode.Uri.file(sidecar));
      }
    }
    // A few at a time: a big output folder costs the window no burst of open files.
    for (let i = 0; i < Math.min(candidates.length, SCAN_LIMIT) && !this.disposed; i += SCAN_BATCH) {
      await Promise.all(candidates.slice(i, i + SCAN_BATCH).map((uri) => this.consider(uri)));
    }
  }

  private async consider(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file' || this.files.has(uri.fsPath) || isShotListFile(uri.fsPath)) return;
    try {
      // Only the start: the marker is the first field, and a new .json may be large.
      const handle = await fs.open(uri.fsPath, 'r');
      try {
        const head = Buffer.alloc(256);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        if (!looksLikeSidecarText(head.subarray(0, bytesRead).toString('utf8'))) return;
      } finally {
        await handle.close();
      }
    } catch {
      return;
    }
    this.files.add(uri.fsPath);
    this.publish();
  }

  private publish(): void {
    if (this.publishTimer) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      // Keyed by file-system path and by URI path: `resourcePath in …` matches either.
      const keys: Record<string, true> = {};
      for (const file of this.files) {
        keys[file] = true;
        keys[vscode.Uri.file(file).path] = true;
      }
      void vscode.commands.executeCommand(BUILT_IN.setContext, CONTEXT_KEYS.sidecarFiles, keys);
    }, 100);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.scanTimer);
    if (this.publishTimer) clearTimeout(this.publishTimer);
    for (const d of this.disposables) d.dispose();
  }
}
