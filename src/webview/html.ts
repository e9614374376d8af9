// The HTML shell every Veo Studio webview gets: a strict Content-Security-Policy with a
// fresh nonce, only local scripts and styles through asWebviewUri, the display language,
// and what the page needs to start — its words in that language (pageStrings.ts) and any
// settings — in a data attribute (never an inline script).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { pageStrings } from './pageStrings';

export interface WebviewShell {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  readonly title: string;
  /** Bundle name under dist/webview, e.g. 'generator' for dist/webview/generator.page.js. */
  readonly script: string;
  /** Style sheets under media/. */
  readonly styles: readonly string[];
  /** What the page reads from `document.body.dataset.init` before it says `ready`, beside its words (`l10n`). */
  readonly init?: Readonly<Record<string, unknown>>;
  /** Extra CSP sources, e.g. `media-src` for the video preview. */
  readonly mediaSrc?: boolean;
  readonly imgSrc?: readonly string[];
}

export function nonce(): string {
  return randomBytes(18).toString('base64');
}

/** The local folders a webview may load from: our media and bundles, plus any given. */
export function localRoots(extensionUri: vscode.Uri, ...extra: vscode.Uri[]): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist'), ...extra];
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderShell(shell: WebviewShell): string {
  const { webview, extensionUri } = shell;
  const n = nonce();
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${[webview.cspSource, 'data:', ...(shell.imgSrc ?? [])].join(' ')}`,
    ...(shell.mediaSrc ? [`media-src ${webview.cspSource}`] : []),
    `script-src 'nonce-${n}'`,
  ].join('; ');
  const styles = ['codicon.css'].map((f) => asset('dist', 'media', f)).concat(shell.styles.map((f) => asset('media', f)));
  return `<!DOCTYPE html>
<html lang="${escapeAttr(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n')}
<title>${escapeAttr(shell.title)}</title>
</head>
<body data-init="${escapeAttr(JSON.stringify({ ...shell.init, l10n: pageStrings() }))}">
<main id="app" aria-busy="true"></main>
<script nonce="${n}" src="${escapeAttr(asset('dist', 'webview', `${shell.script}.page.js`))}"></script>
</body>
</html>`;
}
