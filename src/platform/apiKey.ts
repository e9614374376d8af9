// The AI/ML API key, kept in VS Code's SecretStorage (the OS keychain on a desktop) and
// nowhere else. Other windows may change it: `onDidChange` follows secrets.onDidChange.
import * as vscode from 'vscode';
import { Emitter } from '../core/util/events';
import { OTHER_IDS } from './ids';

const SECRET_NAME = OTHER_IDS.apiKeySecret;

export class ApiKeyStore implements vscode.Disposable {
  private cached: string | undefined;
  private loaded = false;
  /** Every key seen this session, so the log can scrub old ones too. */
  private readonly seen = new Set<string>();
  private readonly _onDidChange = new Emitter<boolean>();
  /** Fires with whether a key is now set. */
  readonly onDidChange = this._onDidChange.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key !== SECRET_NAME) return;
      const before = this.cached;
      await this.reload();
      if (before !== this.cached) this._onDidChange.fire(this.cached !== undefined);
    });
  }

  async get(): Promise<string | undefined> {
    if (!this.loaded) await this.reload();
    return this.cached;
  }

  /** Whether a key is set (never the key itself). */
  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  async set(key: string): Promise<void> {
    this.remember(key);
    await this.secrets.store(SECRET_NAME, key);
    const changed = this.cached !== key;
    this.cached = key;
    this.loaded = true;
    if (changed) this._onDidChange.fire(true);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_NAME);
    const changed = this.cached !== undefined;
    this.cached = undefined;
    this.loaded = true;
    if (changed) this._onDidChange.fire(false);
  }

  /** Keys to scrub from logs: the current one and any used before in this session. */
  knownSecrets(): readonly string[] {
    return [...this.seen];
  }

  private async reload(): Promise<void> {
    this.cached = (await this.secrets.get(SECRET_NAME)) || undefined;
    this.loaded = true;
    if (this.cached) this.remember(this.cached);
  }

  /** A key about to be used (being checked, say): scrub it from logs from now on. */
  rememberForRedaction(key: string): void {
    this.remember(key);
  }

  private remember(key: string): void {
    this.seen.add(key);
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChange.dispose();
  }
}
