// A typed client for the simulator's /__sim/* control routes, for tests that run in another
// process than the simulator (e.g. inside a VS Code extension host).
import fetch from 'node-fetch';
import type { FaultSpec, JobScenario, PricingOverride, RecordedRequest, SimJobInfo } from './types';

export class SimulatorControl {
  private readonly base: string;

  constructor(apiUrl: string) {
    this.base = apiUrl.replace(/\/+$/, '');
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Simulator control ${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  async nextJob(s: JobScenario): Promise<void> {
    await this.call('POST', '/__sim/next-job', s);
  }

  async fault(f: FaultSpec): Promise<void> {
    await this.call('POST', '/__sim/fault', f);
  }

  /** Drops every fault still queued (the network is back). */
  async clearFaults(): Promise<void> {
    await this.call('POST', '/__sim/clear-faults', {});
  }

  /** Replaces one model's `pricing` object; `undefined` restores the simulator's own. */
  async setPricing(model: string, pricing: PricingOverride | undefined): Promise<void> {
    await this.call('POST', '/__sim/pricing', { model, pricing: pricing ?? null });
  }

  async setLogsDelayMs(ms: number): Promise<void> {
    await this.call('POST', '/__sim/logs-delay', { ms });
  }

  async reset(): Promise<void> {
    await this.call('POST', '/__sim/reset', {});
  }

  requests(origin?: 'api' | 'cdn'): Promise<RecordedRequest[]> {
    return this.call('GET', origin ? `/__sim/requests?origin=${origin}` : '/__sim/requests');
  }

  /** The recorded POST requests (job submissions), oldest first. */
  async posts(): Promise<RecordedRequest[]> {
    return (await this.requests()).filter((r) => r.method === 'POST');
  }

  jobs(): Promise<SimJobInfo[]> {
    return this.call('GET', '/__sim/jobs');
  }

  async cdnAuthorizationSeen(): Promise<boolean> {
    const { seen } = await this.call<{ seen: boolean }>('GET', '/__sim/cdn-authorization-seen');
    return seen;
  }
}
