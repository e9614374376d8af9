// The AI/ML API key, kept in VS Code's SecretStorage (the OS keychain on a desktop) and
// nowhere else. Other windows may change it: `onDidChange` follows secrets.onDidChange.
// The storage itself may fail (Linux without a keyring, a locked keychain): then every call
// rejects with a KeyStoreError that says so, and the person is told once (`onUnavailable`),
// not at every read; a change event while it fails is dropped, never an unhandled rejection.
// (Only types from `vscode`: the store runs in unit tests.)
import type * as vscode from 'vscode';
import { KeyStoreError } from '../core/api/errors';
import { Emitter } from '../core/util/events';
import { OTHER_IDS } from './ids';

const SECRET_NAME = OTHER_IDS.apiKeySecret;

export class ApiKeyStore implements vscode.Disposable {
  private cached: string | undefined;
  private loaded = false;
  private told = false;
  /** Every key seen this session, so the log can scrub old ones too. */
  private readonly seen = new Set<string>();
  private readonly _onDidChange = new Emitter<boolean>();
  /** Fires with whether a key is now set. */
  readonly onDidChange = this._onDidChange.event;
  private readonly subscription: vscode.Disposable;

  /** `onUnavailable` hears the first failure of the storage, once per session. */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly onUnavailable: (error: KeyStoreError) => void,
  ) {
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key !== SECRET_NAME) return;
      const before = this.cached;
      try {
        await this.reload();
      } catch {
        return; // told already (reload reports the failure)
      }
      if (before !== this.cached) this._onDidChange.fire(this.cached !== undefined);
    });
  }

  async get(): Promise<string | undefined> {
    if (!this.loaded) await this.reload();
    return this.cached;
  }

  /** Whether a key is set (never the key itself). Rejects with a KeyStoreError when the storage fails. */
  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  async set(key: string): Promise<void> {
    this.remember(key);
    await this.guard(() => this.secrets.store(SECRET_NAME, key));
    const changed = this.cached !== key;
    this.cached = key;
    this.loaded = true;
    if (changed) this._onDidChange.fire(true);
  }

  async clear(): Promise<void> {
    await this.guard(() => this.secrets.delete(SECRET_NAME));
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
    this.cached = (await this.guard(() => this.secrets.get(SECRET_NAME))) || undefined;
    this.loaded = true;
    if (this.cached) this.remember(this.cached);
  }

  /** Runs a storage call; its failure becomes a KeyStoreError, and the first one is told. */
  private async guard<T>(call: () => Thenable<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      const error = cause instanceof KeyStoreError ? cause : new KeyStoreError(cause);
      if (!this.told) {
        this.told = true;
        this.onUnavailable(error);
      }
      throw error;
    }
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
