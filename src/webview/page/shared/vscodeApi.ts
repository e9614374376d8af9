// The page's side of the message channel: typed, and every message from the extension is
// validated with the same zod schema the extension uses, so a malformed one is dropped.
import type * as z from 'zod/mini';

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface Channel<In, Out, S> {
  post(message: Out): void;
  onMessage(handler: (message: In) => void): void;
  getState(): S | undefined;
  setState(state: S): void;
}

export function connect<In, Out, S>(incoming: z.ZodMiniType<In>): Channel<In, Out, S> {
  const api = acquireVsCodeApi<S>();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (handler) =>
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const parsed = incoming.safeParse(event.data);
        if (parsed.success) handler(parsed.data);
        else console.warn('Veo Studio: dropped a malformed message', parsed.error.issues);
      }),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}

/** The JSON the extension put in `<body data-init>`. */
export function initData(): unknown {
  try {
    return JSON.parse(document.body.dataset['init'] ?? 'null');
  } catch {
    return null;
  }
}
