// The page's words, translated by the extension: it hands the page its bundle (the English
// text → the text in VS Code's display language) in `<body data-init>`, and every string the
// page shows goes through `t`, with `{0}` placeholders as in `vscode.l10n.t`. A string the
// bundle lacks shows in English. The extension's table is src/webview/pageStrings.ts.
import { untranslated, type Translate } from '../../../core/text/translate';
import { pageInitSchema } from '../../shared/messages';
import { initData } from './channel';

let bundle: Readonly<Record<string, string>> = {};

/** Takes the bundle the extension put in the page (once, when the page starts). */
export function loadBundle(): void {
  const parsed = pageInitSchema.safeParse(initData());
  if (parsed.success) bundle = parsed.data.l10n;
  else console.warn('Veo Studio: no words for this page; showing English', parsed.error.issues);
}

export const t: Translate = (message, ...args) => untranslated(bundle[message] ?? message, ...args);
