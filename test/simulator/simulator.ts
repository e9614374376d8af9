// The Veo API simulator: two real HTTP servers on 127.0.0.1 — the API origin and a CDN
// origin on another port — behaving as the provider's own docs (aimlapi/api-docs, quoted in
// comments next to each behaviour) describe the AI/ML API. It is an independent
// implementation of the docs (nothing here imports src/), so it can catch misreadings in
// the extension's catalog and wire schemas. Tests drive it in-process through the
// returned object, or from another process through the /__sim/* control routes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beginInference, createContext, faultTargetOf, handleApiRequest } from './api';
import { PriceBook } from './catalog';
import { bufferBody, cdnError, generatedBody, handleCdnRequest, loadFixtureVideo, type Body, type VideoLookup } from './cdn';
import { Exchange, readBody, recordRequest, tryParseJson } from './exchange';
import { applyFault, FaultQueue, type Delivery } from './faults';
import { JobStore } from './jobs';
import { LogBook } from './logs';
import { validClientRequestId } from './tracing';
import type { FaultSpec, JobScenario, JobTiming, PricingOverride, RecordedRequest, SimClock, SimulatorOptions, VeoSimulator } from './types';

export type { FaultSpec, FaultTarget, JobScenario, JobTiming, KeyInfo, PricingOverride, RecordedRequest, SimClock, SimJobInfo, SimulatorOptions, VeoSimulator } from './types';

export const DEFAULT_API_KEY = 'sim-test-key';
export const DEFAULT_TIMING: JobTiming = { queueMs: 300, generateMs: 1200 };
/** Docs silent on how late `/v2/logs` rows land ("analytics pipeline"): we choose a few seconds. */
export const DEFAULT_LOGS_DELAY_MS = 3000;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets (node-fetch, VS Code) would otherwise hold the port open.
    server.closeAllConnections();
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<VeoSimulator> {
  const clock: SimClock = options.clock ?? { now: () => Date.now() };
  const timing = options.timing ?? ((): JobTiming => ({ ...DEFAULT_TIMING }));
  const apiKeys = options.apiKeys ?? [DEFAULT_API_KEY];
  const fixtures = new Map<string, Body>();
  /** A fixture clip by name, read once. */
  const fixture = (name = options.videoFixture ?? 'sample.mp4'): Body => {
    let body = fixtures.get(name);
    if (!body) fixtures.set(name, (body = bufferBody(loadFixtureVideo(name), 'video/mp4')));
    return body;
  };
  fixture();
  const jobs = new JobStore(clock, timing);
  const prices = new PriceBook(options.pricing, options.pricePerSecondUsd);
  const logsDelayMs = options.logsDelayMs ?? DEFAULT_LOGS_DELAY_MS;
  const logs = new LogBook(jobs, logsDelayMs);
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  /** CDN requests open right now, and the most ever open at once (since the last reset). */
  let cdnOpen = 0;
  let cdnPeak = 0;
  /** Finishers of fault delays still running, ended by close(). */
  const pendingWaits = new Set<() => void>();
  const nowIso = (): string => new Date(clock.now()).toISOString();

  // Known only after both servers listen; the handlers read them lazily.
  let apiUrl = '';
  let cdnUrl = '';

  const apiContext = createContext({
    jobs,
    prices,
    logs,
    apiKeys,
    balanceUsd: options.balanceUsd ?? 25,
    keyInfo: options.keyInfo ?? {},
    get cdnUrl() {
      return cdnUrl;
    },
    now: () => clock.now(),
  });

  function lookupVideo(id: string): VideoLookup {
    const job = jobs.get(id);
    // A URL exists only once the job completed with one.
    if (!job || jobs.status(job) !== 'completed' || job.outcome !== 'completed') return { kind: 'missing' };
    if (job.urlExpiresAfterMs !== undefined && clock.now() - jobs.completedAt(job) >= job.urlExpiresAfterMs) return { kind: 'expired' };
    const body: Body = job.videoBytes !== undefined ? generatedBody(job.videoBytes, 'video') : fixture(job.videoFixture);
    return { kind: 'ok', body };
  }

  // ------------------------------------------------------------------ control API

  const control = {
    nextJob(s: JobScenario): void {
      // A clip that is not there is refused now, not when the CDN is asked for it.
      if (s.videoFixture !== undefined) fixture(s.videoFixture);
      jobs.queueScenario(s);
    },
    fault(f: FaultSpec): void {
      faults.add(f);
    },
    clearFaults(): void {
      faults.clear();
    },
    setPricing(model: string, pricing: PricingOverride | undefined): void {
      prices.set(model, pricing);
    },
    setLogsDelayMs(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`Veo simulator: logsDelayMs must be a non-negative number, got ${ms}`);
      logs.delayMs = ms;
    },
    reset(): void {
      jobs.reset();
      faults.clear();
      prices.reset();
      logs.reset(logsDelayMs);
      requests.length = 0;
      cdnPeak = cdnOpen;
    },
    cdnAuthorizationSeen(): boolean {
      return requests.some((r) => r.origin === 'cdn' && r.headers['authorization'] !== undefined);
    },
    cdnPeakConcurrency(): number {
      return cdnPeak;
    },
  };

  /** Runs a control action; a refusal (unknown model, nonsense fault) answers 400 with its reason. */
  function answerControl(ex: Exchange, action: () => void): void {
    try {
      action();
    } catch (err) {
      return ex.error(400, err instanceof Error ? err.message : String(err));
    }
    ex.json(200, { ok: true });
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // Not recorded: these are the test's own calls, not the extension's.
    const ex = new Exchange(req, res, url, undefined, nowIso);
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const { text } = await readBody(req);
    const parsed = tryParseJson(text);
    const objectBody = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? parsed.value : undefined;
    switch (route) {
      case 'POST /__sim/next-job':
        if (!objectBody) return ex.error(400, 'Expected a JSON JobScenario');
        return answerControl(ex, () => control.nextJob(objectBody as JobScenario));
      case 'POST /__sim/fault':
        if (!objectBody || typeof (objectBody as { on?: unknown }).on !== 'string') return ex.error(400, 'Expected a JSON FaultSpec with `on`');
        return answerControl(ex, () => control.fault(objectBody as FaultSpec));
      case 'POST /__sim/pricing': {
        // { model, pricing }: pricing null or absent restores the options' price.
        const { model, pricing } = (objectBody ?? {}) as { model?: unknown; pricing?: unknown };
        if (typeof model !== 'string') return ex.error(400, 'Expected {"model": "<id>", "pricing": <object | "variable" | null>}');
        return answerControl(ex, () => control.setPricing(model, pricing === null || pricing === undefined ? undefined : (pricing as PricingOverride)));
      }
      case 'POST /__sim/logs-delay': {
        const ms = (objectBody as { ms?: unknown } | undefined)?.ms;
        if (typeof ms !== 'number') return ex.error(400, 'Expected {"ms": <number>}');
        return answerControl(ex, () => control.setLogsDelayMs(ms));
      }
      case 'POST /__sim/clear-faults':
        control.clearFaults();
        return ex.json(200, { ok: true });
      case 'POST /__sim/reset':
        control.reset();
        return ex.json(200, { ok: true });
      case 'GET /__sim/requests': {
        const origin = url.searchParams.get('origin');
        return ex.json(200, origin ? requests.filter((r) => r.origin === origin) : requests);
      }
      case 'GET /__sim/jobs':
        return ex.json(200, jobs.info());
      case 'GET /__sim/cdn-authorization-seen':
        return ex.json(200, { seen: control.cdnAuthorizationSeen() });
      default:
        return ex.error(404, `Cannot ${req.method ?? 'GET'} ${url.pathname}`);
    }
  }

  // ------------------------------------------------------------------ origins

  async function onApiRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', apiUrl);
    if (url.pathname.startsWith('/__sim/')) return handleControl(req, res, url);

    const at = clock.now();
    const { text, tooLarge } = await readBody(req);
    const record = recordRequest('api', req, url, at, text);
    requests.push(record);
    const ex = new Exchange(req, res, url, record, nowIso);
    ex.baseHeaders['x-request-id'] = ex.requestId;
    // request-tracing-and-cost.md: "we store it, echo it back"; an invalid one is "silently
    // dropped". Docs silent on non-inference routes: "it is a property of the transport", so
    // every API answer echoes it.
    const clientId = validClientRequestId(req.headers['x-client-request-id']);
    if (clientId !== undefined) ex.baseHeaders['x-client-request-id'] = clientId;

    const target = faultTargetOf(req.method ?? 'GET', url.pathname);
    const create = beginInference(ex, apiContext, target, text);
    const fault = faults.take(target, true);
    if (fault) record.fault = fault;
    if (fault && !(fault.created && create)) {
      const result = await applyFault(ex, fault, pendingWaits, (status) => ex.error(status));
      if (result.handled) {
        create?.refusedByFault();
        return;
      }
    }
    await handleApiRequest(ex, apiContext, { create, tooLarge, createdFault: fault?.created ? fault : undefined, pendingWaits });
  }

  async function onCdnRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', cdnUrl);
    const record = recordRequest('cdn', req, url, clock.now());
    requests.push(record);
    // How many video requests are being answered at once: what a client's download cap is
    // checked by. A request stops counting when its last byte is sent (or its socket closes).
    cdnOpen++;
    cdnPeak = Math.max(cdnPeak, cdnOpen);
    let counted = true;
    const done = (): void => {
      if (counted) cdnOpen--;
      counted = false;
    };
    res.once('finish', done);
    res.once('close', done);
    const ex = new Exchange(req, res, url, record, nowIso);
    let delivery: Delivery = {};
    const fault = faults.take('cdn', false);
    if (fault) {
      const result = await applyFault(ex, fault, pendingWaits, (status) => cdnError(ex, status));
      if (result.handled) return;
      delivery = result.delivery;
    }
    await handleCdnRequest(ex, { cdnUrl, lookupVideo }, delivery);
  }

  /** A handler bug must answer 500, never crash the process that hosts the tests. */
  function guard(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
    return (req: IncomingMessage, res: ServerResponse): void => {
      handler(req, res).catch((err: unknown) => {
        console.error('Veo simulator: handler failed', err);
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('simulator error');
        } else {
          res.destroy();
        }
      });
    };
  }

  const apiServer = createServer(guard(onApiRequest));
  const cdnServer = createServer(guard(onCdnRequest));
  const apiPort = await listen(apiServer, options.port ?? 0);
  let cdnPort: number;
  try {
    cdnPort = await listen(cdnServer, options.cdnPort ?? 0);
  } catch (err) {
    await closeServer(apiServer);
    throw err;
  }
  apiUrl = `http://127.0.0.1:${apiPort}`;
  cdnUrl = `http://127.0.0.1:${cdnPort}`;

  let closing: Promise<void> | undefined;
  return {
    apiUrl,
    cdnUrl,
    requests,
    posts: () => requests.filter((r) => r.method === 'POST'),
    cdnAuthorizationSeen: control.cdnAuthorizationSeen,
    cdnPeakConcurrency: control.cdnPeakConcurrency,
    nextJob: control.nextJob,
    fault: control.fault,
    clearFaults: control.clearFaults,
    setPricing: control.setPricing,
    setLogsDelayMs: control.setLogsDelayMs,
    jobs: () => jobs.info(),
    reset: control.reset,
    close(): Promise<void> {
      closing ??= (async () => {
        for (const finish of [...pendingWaits]) finish();
        await Promise.all([closeServer(apiServer), closeServer(cdnServer)]);
      })();
      return closing;
    },
  };
}
