// A minimal event emitter with the same listener signature as vscode.Event, so core
// classes can publish events that VS Code views subscribe to directly.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => unknown, thisArg?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => unknown>();

  readonly event: Event<T> = (listener, thisArg, disposables) => {
    const bound = thisArg === undefined ? listener : listener.bind(thisArg);
    this.listeners.add(bound);
    const subscription = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // One broken listener must not stop the others (nor the job that fired).
        console.error('Veo Studio: event listener failed', error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
