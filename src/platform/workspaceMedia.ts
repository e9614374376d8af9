// Finding the images (and videos) a person has in the workspace, as the Explorer shows them.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const IMAGE_GLOB = '**/*.{png,PNG,jpg,JPG,jpeg,JPEG,webp,WEBP}';
export const VIDEO_GLOB = '**/*.{mp4,MP4,mov,MOV,webm,WEBM}';
const MAX_RESULTS = 2000;

export interface WorkspaceFile {
  readonly uri: vscode.Uri;
  /** Path relative to its workspace folder (with the folder name in multi-root workspaces). */
  readonly label: string;
}

/**
 * What the Explorer hides (files.exclude) plus dependencies: applied by the search itself,
 * so thousands of images in node_modules cannot use up the result limit.
 */
export function workspaceExcludes(): string {
  const hidden = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {};
  const globs = ['**/node_modules/**', ...Object.entries(hidden).filter(([, on]) => on === true).map(([glob]) => glob)];
  return `{${globs.join(',')}}`;
}

export async function findWorkspaceFiles(kind: 'image' | 'video', token?: vscode.CancellationToken): Promise<WorkspaceFile[]> {
  const uris = await vscode.workspace.findFiles(kind === 'image' ? IMAGE_GLOB : VIDEO_GLOB, workspaceExcludes(), MAX_RESULTS, token);
  return uris
    .filter((u) => !path.basename(u.path).startsWith('.'))
    .map((uri) => ({ uri, label: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
