// Persistent key-value storage, as core sees it. vscode.Memento fits this shape, and unit
// tests use MemoryStorage.

export interface KeyValueStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export class MemoryStorage implements KeyValueStorage {
  private readonly values = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    // Stored as JSON, like the real Memento, so tests see the same copy semantics.
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}
