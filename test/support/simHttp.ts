// Plain HTTP calls to a running simulator, for the simulator's own unit tests: what a client
// would send, with node-fetch over 127.0.0.1 and nothing of the extension in between.
import fetch, { type Response } from 'node-fetch';
import { DEFAULT_API_KEY } from '../simulator/simulator';

export type Json = Record<string, unknown>;

export const AUTH: Record<string, string> = { authorization: `Bearer ${DEFAULT_API_KEY}` };

export async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

export interface SimHttp {
  create(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Creates a job (asserting a 200 is the caller's business) and returns its id. */
  createId(body?: Json, headers?: Record<string, string>): Promise<string>;
  poll(id: string, headers?: Record<string, string>): Promise<Response>;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<Response>;
}

export function simHttp(sim: { readonly apiUrl: string }): SimHttp {
  const create = (body: unknown, headers: Record<string, string> = AUTH): Promise<Response> =>
    fetch(`${sim.apiUrl}/v2/video/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    create,
    async createId(body: Json = { model: 'google/veo-3.1-t2v', prompt: 'a dragon' }, headers: Record<string, string> = AUTH): Promise<string> {
      const res = await create(body, headers);
      const answer = await json(res);
      if (res.status !== 200) throw new Error(`create answered ${res.status}: ${JSON.stringify(answer)}`);
      return answer['id'] as string;
    },
    poll: (id, headers = AUTH) => fetch(`${sim.apiUrl}/v2/video/generations?generation_id=${encodeURIComponent(id)}`, { headers }),
    get: (pathAndQuery, headers = {}) => fetch(`${sim.apiUrl}${pathAndQuery}`, { headers }),
  };
}
