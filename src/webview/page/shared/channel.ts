// The page's side of the message channel (src/webview/channel.ts is the extension's): what
// the extension posts is validated with the same zod schema the extension checks it with,
// so a malformed message is dropped; what the page posts is validated before it leaves.
// `request` numbers a message, and resolves with the extension's answer carrying that
// number (or rejects with the reason, when the extension could not handle it).
import type * as z from 'zod/mini';
import type { RequestFailed } from '../../shared/messages';

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

type Message = { readonly type: string };
type Request = { readonly requestId: number };

/** Page messages that expect an answer, without their number (the channel gives one). */
export type Unnumbered<Out> = Out extends Request ? Omit<Out, 'requestId'> : never;
/** Extension messages that answer a request (a failure rejects the request instead). */
export type AnswerOf<In> = Exclude<Extract<In, Request>, RequestFailed>;
/** Extension messages that are not answers: they go to `onMessage`. */
export type NoticeOf<In> = Exclude<In, Request>;

export interface PageChannel<In extends Message, Out extends Message, S> {
  post(message: Out): void;
  request(message: Unnumbered<Out>): Promise<AnswerOf<In>>;
  onMessage(handler: (message: NoticeOf<In>) => void): void;
  getState(): S | undefined;
  setState(state: S): void;
}

export interface ChannelSchemas<In, Out> {
  /** The extension's messages; for a channel with requests, they include `requestFailed`. */
  readonly incoming: z.ZodMiniType<In>;
  readonly outgoing: z.ZodMiniType<Out>;
}

export function connect<In extends Message, Out extends Message, S>(schemas: ChannelSchemas<In, Out>): PageChannel<In, Out, S> {
  const api = acquireVsCodeApi<S>();
  const pending = new Map<number, { resolve(answer: AnswerOf<In>): void; reject(error: Error): void }>();
  const handlers: Array<(message: NoticeOf<In>) => void> = [];
  let nextId = 1;

  const post = (message: unknown): boolean => {
    const checked = schemas.outgoing.safeParse(message);
    if (checked.success) api.postMessage(checked.data);
    else console.warn('Veo Studio: did not post a malformed message', checked.error.issues);
    return checked.success;
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = schemas.incoming.safeParse(event.data);
    if (!parsed.success) {
      console.warn('Veo Studio: dropped a malformed message', parsed.error.issues);
      return;
    }
    const message = parsed.data;
    const id = (message as Partial<Request>).requestId;
    if (typeof id === 'number') {
      const waiting = pending.get(id);
      pending.delete(id);
      if (!waiting) return;
      if (message.type === 'requestFailed') waiting.reject(new Error((message as unknown as RequestFailed).message));
      else waiting.resolve(message as AnswerOf<In>);
      return;
    }
    for (const handler of handlers) handler(message as NoticeOf<In>);
  });

  return {
    post: (message) => void post(message),
    request: (message) =>
      new Promise<AnswerOf<In>>((resolve, reject) => {
        const requestId = nextId++;
        pending.set(requestId, { resolve, reject });
        if (post({ ...message, requestId })) return;
        pending.delete(requestId);
        reject(new Error('Veo Studio: this request is malformed and was not sent.'));
      }),
    onMessage: (handler) => void handlers.push(handler),
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
