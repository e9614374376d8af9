// Finding the images (and videos) a person has in the workspace, respecting files.exclude.
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

export async function findWorkspaceFiles(kind: 'image' | 'video', token?: vscode.CancellationToken): Promise<WorkspaceFile[]> {
  // undefined exclude = the files.exclude setting applies, as in the Explorer.
  const uris = await vscode.workspace.findFiles(kind === 'image' ? IMAGE_GLOB : VIDEO_GLOB, undefined, MAX_RESULTS, token);
  return uris
    .filter((u) => !u.path.includes('/node_modules/') && !path.basename(u.path).startsWith('.'))
    .map((uri) => ({ uri, label: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
