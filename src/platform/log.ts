// The "Veo Studio" log. Everything the extension logs goes through here, and every line
// is scrubbed of the API key (and of anything that looks like a Bearer token) first.
import * as vscode from 'vscode';
import { redact } from '../core/util/redact';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

export function createLog(secrets: () => readonly string[]): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Veo Studio', { log: true });
  const scrub = (text: string) => redact(text, secrets());
  return {
    info: (m) => channel.info(scrub(m)),
    warn: (m) => channel.warn(scrub(m)),
    error: (m, e) => channel.error(scrub(e === undefined ? m : `${m}: ${e instanceof Error ? e.message : String(e)}`)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
