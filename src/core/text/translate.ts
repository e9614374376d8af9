// Text for people goes through a translate function: `vscode.l10n.t` in the extension, the
// page's bundle in a webview, `untranslated` where there is neither (unit tests). Core text
// helpers take one, so they stay free of `vscode`.

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills `{0}`, `{1}` … like `vscode.l10n.t` does when no translation is loaded. */
export const untranslated: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (all, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : all));
