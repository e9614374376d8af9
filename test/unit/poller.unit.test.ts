// The Poller, the one scheduler (its policies are in pollPolicy.unit.test.ts). Scheduling
// is checked on the shared fake clock (test/support/fakeClock.ts) with a scripted
// getGeneration; faults, limits and adaptation are checked against the Veo API simulator
// over real HTTP on 127.0.0.1 (the simulator runs on the same fake clock, so hours of job
// time take milliseconds).
import assert from 'node:assert/strict';
import { VeoClient } from '../../src/core/api/client';
import {
  ApiError,
  AuthError,
  NetworkError,
  NotFoundError,
  QuotaError,
  RateLimitError,
  ResponseShapeError,
  ServiceError,
  ValidationError,
} from '../../src/core/api/errors';
import type { Generation } from '../../src/core/api/wire';
import { buildRequestBody } from '../../src/core/catalog/catalog';
import type { PollEvent, PollTarget } from '../../src/core/jobs/pollEvents';
import { Poller, type PollerOptions } from '../../src/core/jobs/poller';
import { fixedPolicy, type DelayPolicy, type PollContext } from '../../src/core/jobs/pollPolicy';
import { TimingModel } from '../../src/core/jobs/timing';
import type { Clock } from '../../src/core/util/clock';
import { MemoryStorage } from '../../src/core/util/storage';
import type { JobScenario, RecordedRequest } from '../simulator/simulator';
import { FakeClock, settle } from '../support/fakeClock';
import { SIM_KEY, useSimulator } from '../support/useSimulator';

// ---- helpers --------------------------------------------------------------------------------

const SECOND = 1000;
const MODEL = 'google/veo-3.1-t2v-fast'; // docs' prior: 80–100 s

function pending(id: string, status = 'generating'): Generation {
  return { id, status, state: 'pending' };
}

function completed(id: string): Generation {
  return { id, status: 'completed', state: 'completed', videoUrl: `https://cdn.example/${id}.mp4` };
}

/** A random source that cycles through fixed values. */
function cycle(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0.5;
}

type Answer = Generation | ApiError | 'hang';

/** A scripted getGeneration: answers from `script`, counts calls and concurrency. */
class ScriptedClient {
  readonly calls: Array<{ id: string; at: number; signal?: AbortSignal }> = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly hanging: Array<() => void> = [];

  constructor(
    private readonly clock: FakeClock,
    private readonly script: (id: string, call: number) => Answer,
  ) {}

  getGeneration(id: string, options: { signal?: AbortSignal } = {}): Promise<Generation> {
    const n = this.calls.filter((c) => c.id === id).length;
    this.calls.push({ id, at: this.clock.now(), signal: options.signal });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const answer = this.script(id, n);
    return new Promise<Generation>((resolve, reject) => {
      const finish = (): void => {
        this.inFlight--;
        if (answer instanceof ApiError) reject(answer);
        else if (answer !== 'hang') resolve(answer);
      };
      if (answer !== 'hang') {
        finish();
        return;
      }
      // Held until release(), or until the Poller aborts it.
      const release = (): void => {
        this.inFlight--;
        resolve(pending(id));
      };
      this.hanging.push(release);
      options.signal?.addEventListener('abort', () => {
        const i = this.hanging.indexOf(release);
        if (i >= 0) this.hanging.splice(i, 1);
        this.inFlight--;
        reject(new Error('aborted'));
      });
    });
  }

  releaseAll(): void {
    for (const release of this.hanging.splice(0)) release();
  }

  callsFor(id: string): number[] {
    return this.calls.filter((c) => c.id === id).map((c) => c.at);
  }
}

interface Harness {
  readonly clock: FakeClock;
  readonly events: PollEvent[];
  readonly poller: Poller;
  readonly timing: TimingModel;
}

function harness(client: Pick<VeoClient, 'getGeneration'>, clock: FakeClock, over: Partial<PollerOptions> = {}): Harness {
  const events: PollEvent[] = [];
  const timing = over.timing ?? new TimingModel();
  const poller = new Poller({ clock, client, timing, onEvent: (e) => events.push(e), random: cycle(0.5), ...over });
  return { clock, events, poller, timing };
}

function target(jobId: string, clock: Clock, over: Partial<PollTarget> = {}): PollTarget {
  const now = clock.now();
  return { jobId, generationId: jobId, model: MODEL, submittedAt: now, deadlineAt: now + 30 * 60 * SECOND, ...over };
}

function kinds(events: readonly PollEvent[], jobId?: string): string[] {
  return events.filter((e) => jobId === undefined || e.jobId === jobId).map((e) => e.kind);
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}

// ---- Poller scheduling (scripted answers) -----------------------------------------------------

describe('Poller scheduling', () => {
  it('uses one timer for all jobs and none once nothing is tracked', async () => {
    const clock = new FakeClock();
    const client = new ScriptedClient(clock, (id, n) => (n < 4 + Number(id.slice(1)) % 5 ? pending(id) : completed(id)));
    const h = harness(client, clock, { policy: fixedPolicy(5_000) });
    for (let i = 0; i < 20; i++) h.poller.track(target(`j${i}`, clock));
    assert.equal(h.poller.size, 20);
    await clock.advance(2 * 60 * SECOND);
    assert.equal(clock.maxConcurrentTimers, 1, 'never more than one timer');
    assert.equal(h.poller.size, 0);
    assert.equal(clock.pendingTimers, 0, 'no timer left');
    assert.equal(kinds(h.events).filter((k) => k === 'completed').length, 20);
  });

  it('spreads jobs due together and keeps at most maxConcurrentRequests in flight', async () => {
    const clock = new FakeClock();
    const client = new ScriptedClient(clock, () => 'hang');
    const h = harness(client, clock, { policy: fixedPolicy(5_000), maxConcurrentRequests: 3, minSpacingMs: 200 });
    for (let i = 0; i < 10; i++) h.poller.track(target(`j${i}`, clock));
    await clock.advance(10 * SECOND);
    assert.equal(client.calls.length, 3, 'the rest wait for a free slot');
    assert.equal(client.maxInFlight, 3);
    for (const gap of gaps(client.calls.map((c) => c.at))) assert.ok(gap >= 200, `starts ${gap} ms apart`);
    for (let round = 0; round < 5; round++) {
      client.releaseAll();
      await clock.advance(1 * SECOND);
    }
    assert.ok(client.maxInFlight <= 3);
    assert.equal(new Set(client.calls.map((c) => c.id)).size, 10, 'every job got its turn');
    for (const gap of gaps(client.calls.map((c) => c.at))) assert.ok(gap >= 200, 'never a burst');
    h.poller.dispose();
  });

  it('completes, records the generating time in the TimingModel, and stops', async () => {
    const clock = new FakeClock();
    // queued for the first answer, generating until 130 s, then completed.
    const start = clock.now();
    const client = new ScriptedClient(clock, (id) => {
      const t = clock.now() - start;
      return t < 4 * SECOND ? pending(id, 'queued') : t < 130 * SECOND ? pending(id) : completed(id);
    });
    const h = harness(client, clock);
    h.poller.track(target('a', clock));
    await clock.advance(200 * SECOND);
    assert.deepEqual(kinds(h.events).slice(-1), ['completed']);
    assert.equal(h.timing.sampleCount(MODEL), 1);
    const w = h.timing.window(MODEL);
    assert.ok(w.maxMs > 100_000, `learned a longer generation: ${JSON.stringify(w)}`);
    assert.equal(clock.pendingTimers, 0);
  });

  it('reports failed for a job the service failed, and for terminal errors', async () => {
    const clock = new FakeClock();
    const answers: Record<string, ApiError | Generation> = {
      svc: { id: 'svc', status: 'error', state: 'failed', error: 'blocked by the content policy' },
      v400: new ValidationError([{ field: 'generation_id', message: 'Required' }]),
      auth: new AuthError('rejected'),
    };
    const client = new ScriptedClient(clock, (id) => answers[id] ?? pending(id));
    const h = harness(client, clock);
    for (const id of Object.keys(answers)) h.poller.track(target(id, clock));
    await clock.advance(30 * SECOND);
    for (const id of Object.keys(answers)) {
      assert.deepEqual(kinds(h.events, id), ['failed'], id);
      assert.equal(client.callsFor(id).length, 1, `${id}: never asked again`);
    }
    const svc = h.events.find((e) => e.jobId === 'svc');
    assert.ok(svc?.kind === 'failed' && svc.generation?.error === 'blocked by the content policy');
    assert.equal(h.poller.size, 0);
  });

  it('backs off transient faults exponentially with jitter (5 s → 10 s → … ≤ 2 min) and never fails the job', async () => {
    const clock = new FakeClock();
    const client = new ScriptedClient(clock, (id, n) => (n < 8 ? new ServiceError(503) : completed(id)));
    const h = harness(client, clock, { random: cycle(0, 1, 0.5) });
    h.poller.track(target('t', clock));
    await clock.advance(20 * 60 * SECOND);
    const retrying = h.events.filter((e): e is Extract<PollEvent, { kind: 'retrying' }> => e.kind === 'retrying');
    assert.equal(retrying.length, 8);
    const delays = retrying.map((e) => e.delayMs);
    const bases = [5, 10, 20, 40, 80, 120, 120, 120].map((s) => s * SECOND);
    delays.forEach((d, i) => {
      const base = bases[i] ?? 0;
      assert.ok(d >= base * 0.8 - 1 && d <= Math.min(base * 1.2, 120 * SECOND) + 1, `retry ${i}: ${d} ms for base ${base}`);
    });
    assert.deepEqual(gaps(client.callsFor('t')).slice(0, 8), delays, 'the next poll comes exactly when announced');
    assert.deepEqual(kinds(h.events).slice(-1), ['completed']);
  });

  it('times a still-pending job out at its deadline, with one last look', async () => {
    const clock = new FakeClock();
    const client = new ScriptedClient(clock, (id) => pending(id));
    const h = harness(client, clock);
    const t = target('slow', clock, { deadlineAt: clock.now() + 5 * 60 * SECOND });
    h.poller.track(t);
    await clock.advance(10 * 60 * SECOND);
    assert.deepEqual(kinds(h.events).slice(-1), ['timedOut']);
    const calls = client.callsFor('slow');
    assert.equal(calls[calls.length - 1], t.deadlineAt, 'the last poll is at the deadline');
    assert.ok(calls.every((at) => at <= t.deadlineAt));
    assert.equal(h.poller.isTracking('slow'), false);
    assert.equal(clock.pendingTimers, 0);
  });

  it('untrack stops a job at once, aborting its request; the timer goes with the last job', async () => {
    const clock = new FakeClock();
    const client = new ScriptedClient(clock, (id) => (id === 'hung' ? 'hang' : pending(id)));
    const h = harness(client, clock);
    h.poller.track(target('hung', clock));
    h.poller.track(target('other', clock));
    await clock.advance(10 * SECOND);
    const hungCall = client.calls.find((c) => c.id === 'hung');
    h.poller.untrack('hung');
    assert.equal(hungCall?.signal?.aborted, true, 'the request in flight is aborted');
    await settle();
    const before = client.calls.length;
    h.poller.untrack('other');
    assert.equal(clock.pendingTimers, 0);
    await clock.advance(10 * 60 * SECOND);
    assert.equal(client.calls.length, before, 'no request after untrack');
    assert.equal(h.events.filter((e) => e.jobId === 'hung').length, 0, 'no event for an untracked job');
  });

  it('dispose clears the timer and aborts requests in flight', async () => {
    const clock = new FakeClock();
    const client = new ScriptedClient(clock, (id) => (id === 'a' ? 'hang' : pending(id)));
    const h = harness(client, clock);
    h.poller.track(target('a', clock));
    h.poller.track(target('b', clock));
    await clock.advance(10 * SECOND);
    h.poller.dispose();
    assert.equal(clock.pendingTimers, 0);
    assert.ok(client.calls.filter((c) => c.id === 'a').every((c) => c.signal?.aborted));
    const before = client.calls.length;
    h.poller.track(target('c', clock));
    await clock.advance(10 * 60 * SECOND);
    assert.equal(client.calls.length, before);
    assert.equal(clock.pendingTimers, 0);
  });

  it('pollNow makes one job, or all, due at once (still spaced)', async () => {
    const clock = new FakeClock();
    const client = new ScriptedClient(clock, (id) => pending(id));
    const h = harness(client, clock, { policy: fixedPolicy(60_000) });
    h.poller.track(target('a', clock));
    h.poller.track(target('b', clock));
    await clock.advance(1 * SECOND);
    assert.equal(client.calls.length, 2);
    await clock.advance(5 * SECOND);
    h.poller.pollNow('a');
    await clock.advance(0);
    assert.deepEqual(client.calls.slice(2).map((c) => c.id), ['a']);
    h.poller.pollNow();
    await clock.advance(1 * SECOND);
    assert.deepEqual(client.calls.slice(3).map((c) => c.id).sort(), ['a', 'b']);
    h.poller.dispose();
  });

  it('holds back every job while the account is rate-limited', async () => {
    const clock = new FakeClock();
    let limited = true;
    const client = new ScriptedClient(clock, (id) => {
      if (id === 'a' && limited) {
        limited = false;
        return new RateLimitError(30 * SECOND);
      }
      return pending(id);
    });
    const h = harness(client, clock, { policy: fixedPolicy(2_000) });
    h.poller.track(target('a', clock));
    await clock.advance(50);
    const limitedAt = clock.now();
    h.poller.track(target('b', clock));
    await clock.advance(29 * SECOND);
    assert.equal(client.calls.length, 1, 'nobody polls during Retry-After');
    await clock.advance(2 * SECOND);
    assert.ok(client.calls.length >= 2);
    assert.ok(client.calls.slice(1).every((c) => c.at >= limitedAt + 30 * SECOND - 50));
    const retry = h.events.find((e) => e.kind === 'retrying');
    assert.ok(retry?.kind === 'retrying' && retry.error instanceof RateLimitError && retry.delayMs >= 29_900);
    h.poller.dispose();
  });

  it('regains the dense pace when the window is focused again, and survives a throwing listener', async () => {
    const clock = new FakeClock();
    const client = new ScriptedClient(clock, (id) => pending(id, 'queued'));
    const logs: string[] = [];
    const poller = new Poller({
      clock,
      client,
      timing: new TimingModel(),
      random: cycle(0.5),
      log: (l) => logs.push(l),
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    poller.setFocused(false);
    poller.track(target('q', clock));
    await clock.advance(10 * 60 * SECOND);
    const unfocused = gaps(client.callsFor('q')).slice(-3);
    // Focused, a long queue wait is polled every 25 s at most; unfocused, more sparsely.
    assert.ok(unfocused.every((g) => g > 27 * SECOND), `unfocused queue polls: ${unfocused.join(', ')}`);
    // Focus comes back a second after a poll: the next one is re-planned at the focused pace.
    const last = client.callsFor('q').at(-1) ?? 0;
    await clock.advance(last + SECOND - clock.now());
    const before = client.calls.length;
    poller.setFocused(true);
    await clock.advance(26 * SECOND);
    assert.ok(client.calls.length > before, 'focus brings the next poll forward');
    assert.ok((client.callsFor('q').at(-1) ?? 0) < last + (unfocused.at(-1) ?? 0), 'sooner than the unfocused pace would have');
    assert.ok(logs.some((l) => l.includes('listener bug')));
    poller.dispose();
  });

  it('tracking a job again keeps its history, unless its generation id changed', async () => {
    const clock = new FakeClock();
    const seen: PollContext[] = [];
    const client = new ScriptedClient(clock, (id) => pending(id));
    const h = harness(client, clock, { policy: { next: (ctx) => (seen.push(ctx), 10_000) } });
    const first = target('r', clock, { generationId: 'g1' });
    h.poller.track(first);
    await clock.advance(25 * SECOND);
    h.poller.track({ ...first, deadlineAt: first.deadlineAt + 60 * SECOND });
    await clock.advance(10 * SECOND);
    assert.ok((seen[seen.length - 1]?.polls ?? 0) >= 3, 'same generation: history kept');
    h.poller.track({ ...first, generationId: 'g2', submittedAt: clock.now() });
    await clock.advance(10 * SECOND);
    assert.equal(seen.find((c) => c.submittedAt === first.submittedAt && c.phase === 'new') !== undefined, true);
    assert.equal(seen.filter((c) => c.phase === 'new').length, 2, 'new generation: starts afresh');
    assert.ok(client.calls.some((c) => c.id === 'g2'));
    assert.equal(h.poller.size, 1);
    h.poller.dispose();
  });

  it('uses the policy it is given, with the context it documents', async () => {
    const clock = new FakeClock();
    const seen: PollContext[] = [];
    const policy: DelayPolicy = { next: (ctx) => (seen.push(ctx), 1_000) };
    const statuses = ['queued', 'queued', 'generating', 'generating'];
    const client = new ScriptedClient(clock, (id, n) => (n < statuses.length ? pending(id, statuses[n]) : completed(id)));
    const h = harness(client, clock, { policy });
    h.poller.track(target('p', clock));
    await clock.advance(10 * SECOND);
    assert.deepEqual(seen.map((c) => c.phase), ['new', 'queued', 'queued', 'generating', 'generating']);
    assert.deepEqual(seen.map((c) => c.polls), [0, 1, 2, 3, 4]);
    const calls = client.callsFor('p');
    assert.equal(seen[4]?.lastQueuedAt, calls[1]);
    assert.equal(seen[4]?.generatingSeenAt, calls[2]);
    assert.deepEqual(seen[0]?.window, new TimingModel().window(MODEL), "the TimingModel's window for the job's model");
    assert.ok((seen[0]?.window.minMs ?? 0) < 80_000 && (seen[0]?.window.maxMs ?? 0) > 100_000, 'a model without history: the docs, held loosely');
    assert.deepEqual(kinds(h.events), ['pending', 'pending', 'pending', 'pending', 'completed']);
  });

  it('reads the older words (waiting, active) and unknown ones through the one status table', async () => {
    const clock = new FakeClock();
    const seen: PollContext[] = [];
    const statuses = ['Waiting', 'active', 'queued', 'rendering'];
    const client = new ScriptedClient(clock, (id, n) => (n < statuses.length ? pending(id, statuses[n]) : completed(id)));
    const h = harness(client, clock, { policy: { next: (ctx) => (seen.push(ctx), 1_000) } });
    h.poller.track(target('w', clock));
    await clock.advance(10 * SECOND);
    // After each answer: waiting → queued, active → generating, back in the queue, an unknown word → generating.
    assert.deepEqual(seen.map((c) => c.phase), ['new', 'queued', 'generating', 'queued', 'generating']);
  });
});

// ---- Poller against the simulator (real HTTP) -------------------------------------------------

/** Wraps the real client (no mocked fetch) to know when no request is on the wire. */
class CountingClient {
  inFlight = 0;
  maxInFlight = 0;
  /** Clock time of every call, as the Poller made it. */
  readonly startedAt: number[] = [];
  constructor(
    private readonly inner: VeoClient,
    private readonly clock: Clock,
  ) {}

  async getGeneration(id: string, options?: { signal?: AbortSignal }): Promise<Generation> {
    this.startedAt.push(this.clock.now());
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.inner.getGeneration(id, options);
    } finally {
      this.inFlight--;
    }
  }
}

describe('Poller against the simulator', function () {
  this.timeout(20_000);
  const sim = useSimulator({ timing: () => ({ queueMs: 2 * SECOND, generateMs: 90 * SECOND }), balanceUsd: 10_000 });
  let clock: FakeClock;
  let client: CountingClient;
  let key: string;

  beforeEach(() => {
    clock = sim.clock;
    key = SIM_KEY;
    client = new CountingClient(new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: () => Promise.resolve(key), now: () => clock.now(), timeoutMs: 5_000 }), clock);
  });

  async function create(scenario: JobScenario = {}, model = MODEL): Promise<PollTarget> {
    sim.nextJob(scenario);
    const body = buildRequestBody({ model, prompt: 'a lighthouse at dusk', media: {}, options: {} });
    assert.ok(body.ok);
    const creator = new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: () => Promise.resolve(SIM_KEY), now: () => clock.now() });
    const created = await creator.createGeneration(body.value);
    const now = clock.now();
    return { jobId: `job-${created.id.slice(0, 8)}`, generationId: created.id, model, submittedAt: now, deadlineAt: now + 20 * 60 * SECOND };
  }

  /** Runs virtual time, letting every real request finish before the next timer fires. */
  function drive(h: Harness, until: () => boolean, limitMs = 30 * 60 * SECOND): Promise<true> {
    const what = () => `the poller to get there (${h.poller.size} jobs tracked: ${kinds(h.events).join(', ')})`;
    return clock.runUntil(what, until, { limitMs, busy: () => client.inFlight > 0 });
  }

  /**
   * Like drive(), but lets virtual time run on while requests are on the wire, so requests
   * of different jobs overlap as they would in real life.
   */
  function driveOverlapping(h: Harness, until: () => boolean, limitMs = 30 * 60 * SECOND): Promise<true> {
    return clock.runUntil(() => `the poller to get there (${h.poller.size} jobs tracked)`, until, { limitMs });
  }

  function polls(generationId: string): RecordedRequest[] {
    return sim.requests.filter((r) => r.origin === 'api' && r.method === 'GET' && r.query['generation_id'] === generationId);
  }

  const finished = (h: Harness, n = 1) => (): boolean => h.events.filter((e) => e.kind !== 'pending' && e.kind !== 'retrying').length >= n;

  it('polls a job pending for many polls until it completes, densely only near the expected end', async () => {
    // A model whose jobs took about 93 s before.
    const timing = new TimingModel();
    for (const s of [92, 94, 93, 91, 95, 93]) timing.record(MODEL, { minMs: (s - 1) * SECOND, maxMs: (s + 1) * SECOND });
    const t = await create({ queueMs: 2 * SECOND, generateMs: 93 * SECOND });
    const h = harness(client, clock, { timing });
    h.poller.track(t);
    await drive(h, finished(h));
    assert.deepEqual(kinds(h.events).slice(-1), ['completed']);
    const done = h.events[h.events.length - 1];
    assert.ok(done?.kind === 'completed' && done.generation.videoUrl?.startsWith(sim.cdnUrl));
    const times = polls(t.generationId).map((r) => r.at - t.submittedAt);
    assert.ok(times.length >= 5, `pending for several polls: ${times.length}`);
    const completion = 95 * SECOND;
    const last = times[times.length - 1] ?? 0;
    assert.ok(last - completion < 4 * SECOND, `detected ${last - completion} ms after completion`);
    const spans = gaps(times);
    const early = spans.filter((_, i) => (times[i + 1] ?? 0) < 78 * SECOND);
    const near = spans.filter((_, i) => (times[i] ?? 0) >= 82 * SECOND);
    assert.ok(early.length > 0 && early.length <= 4 && early.every((g) => g >= 10 * SECOND), `few, long waits before the window: ${early.join(', ')}`);
    assert.ok(near.length > 0 && near.every((g) => g <= 4 * SECOND), `short waits near completion: ${near.join(', ')}`);
    assert.ok(times.length < 95 / 10 + 2 + 4, `cheaper than polling every 10 s would allow: ${times.length}`);
    assert.equal(clock.pendingTimers, 0);
  });

  it('waits at least Retry-After (seconds) before the next request of any job', async () => {
    const a = await create();
    const b = await create();
    const h = harness(client, clock, { policy: fixedPolicy(2_000) });
    sim.fault({ on: 'poll', status: 429, retryAfter: '7' });
    h.poller.track(a);
    h.poller.track(b);
    await drive(h, () => h.events.some((e) => e.kind === 'retrying') && sim.requests.length >= 4);
    const gets = sim.requests.filter((r) => r.method === 'GET');
    const limited = gets.find((r) => r.status === 429);
    assert.ok(limited);
    const after = gets.filter((r) => r.at > limited.at || (r !== limited && gets.indexOf(r) > gets.indexOf(limited)));
    assert.ok(after.length > 0);
    for (const r of after) assert.ok(r.at - limited.at >= 7 * SECOND, `a request ${r.at - limited.at} ms after the 429`);
    const retry = h.events.find((e) => e.kind === 'retrying');
    assert.ok(retry?.kind === 'retrying' && retry.error instanceof RateLimitError && retry.delayMs >= 7 * SECOND);
    h.poller.dispose();
  });

  it('waits until the Retry-After date before the next request', async () => {
    const a = await create();
    const h = harness(client, clock, { policy: fixedPolicy(2_000) });
    const until = new Date(clock.now() + 42 * SECOND).toUTCString();
    sim.fault({ on: 'poll', status: 429, retryAfter: until });
    h.poller.track(a);
    await drive(h, () => polls(a.generationId).length >= 2);
    const [limited, next] = polls(a.generationId);
    assert.equal(limited?.status, 429);
    assert.ok(next && next.at >= Date.parse(until), `next request ${((next?.at ?? 0) - Date.parse(until)) / 1000} s after the date`);
    h.poller.dispose();
  });

  // A 504 too: on a status check it is a proxy that gave up, not the job failing.
  for (const status of [500, 502, 503, 504]) {
    it(`retries a ${status} with backoff and the job still completes`, async () => {
      const t = await create({ queueMs: 1 * SECOND, generateMs: 20 * SECOND });
      const h = harness(client, clock);
      sim.fault({ on: 'poll', status, times: 3 });
      h.poller.track(t);
      await drive(h, finished(h));
      const retrying = h.events.filter((e): e is Extract<PollEvent, { kind: 'retrying' }> => e.kind === 'retrying');
      assert.equal(retrying.length, 3);
      assert.ok(retrying.every((e) => e.error instanceof ServiceError && e.error.retryable));
      const delays = retrying.map((e) => e.delayMs);
      assert.ok((delays[0] ?? 0) >= 4 * SECOND && (delays[1] ?? 0) > (delays[0] ?? 0) && (delays[2] ?? 0) > (delays[1] ?? 0), `backoff: ${delays.join(', ')}`);
      assert.deepEqual(kinds(h.events).slice(-1), ['completed']);
      assert.equal(h.events.some((e) => e.kind === 'failed'), false);
    });
  }

  it('treats a dropped connection and malformed JSON as passing trouble', async () => {
    const t = await create({ queueMs: 1 * SECOND, generateMs: 20 * SECOND });
    const h = harness(client, clock);
    sim.fault({ on: 'poll', malformed: true });
    sim.fault({ on: 'poll', drop: true });
    h.poller.track(t);
    await drive(h, finished(h));
    const errors = h.events.flatMap((e) => (e.kind === 'retrying' ? [e.error] : []));
    assert.ok(errors[0] instanceof ResponseShapeError, String(errors[0]));
    assert.ok(errors[1] instanceof NetworkError, String(errors[1]));
    assert.deepEqual(kinds(h.events).slice(-1), ['completed']);
  });

  const terminal: Array<[string, () => void, new (...args: never[]) => ApiError]> = [
    ['401', () => (key = 'wrong-key'), AuthError],
    ['403', () => sim.fault({ on: 'poll', status: 403 }), QuotaError],
  ];
  for (const [status, arrange, type] of terminal) {
    it(`fails the job at once on ${status}, and asks no more`, async () => {
      const t = await create();
      const h = harness(client, clock);
      arrange();
      h.poller.track(t);
      await drive(h, finished(h));
      const failed = h.events[h.events.length - 1];
      assert.ok(failed?.kind === 'failed' && failed.error instanceof type, String(failed?.kind === 'failed' && failed.error));
      assert.equal(polls(t.generationId).length, 1);
      assert.equal(clock.pendingTimers, 0);
    });
  }

  it('fails a job the service no longer knows (404)', async () => {
    const h = harness(client, clock);
    h.poller.track(target('lost', clock, { generationId: 'no-such-generation' }));
    await drive(h, finished(h));
    const failed = h.events[h.events.length - 1];
    assert.ok(failed?.kind === 'failed' && failed.error instanceof NotFoundError);
  });

  it('reports the service failing a job, with its reason', async () => {
    const t = await create({ queueMs: 1 * SECOND, generateMs: 5 * SECOND, outcome: 'failed', errorMessage: 'unsafe content' });
    const h = harness(client, clock);
    h.poller.track(t);
    await drive(h, finished(h));
    const failed = h.events[h.events.length - 1];
    assert.ok(failed?.kind === 'failed' && failed.generation?.error?.includes('unsafe content'));
  });

  it('times out a job that never finishes, then sends nothing more', async () => {
    const t = await create({ outcome: 'neverFinishes' });
    const h = harness(client, clock);
    h.poller.track({ ...t, deadlineAt: t.submittedAt + 10 * 60 * SECOND });
    await drive(h, finished(h));
    assert.deepEqual(kinds(h.events).slice(-1), ['timedOut']);
    const count = polls(t.generationId).length;
    // Far past any window it is polled like one of the slow jobs: about as often as a
    // 10 s poller would, never more.
    assert.ok(count <= 60 + 5, `${count} polls in 10 minutes`);
    assert.equal(clock.pendingTimers, 0);
    await clock.advance(10 * 60 * SECOND);
    assert.equal(polls(t.generationId).length, count);
  });

  it('watches 20 jobs at once with at most maxConcurrentRequests in flight and no timer left', async () => {
    const targets: PollTarget[] = [];
    for (let i = 0; i < 20; i++) targets.push(await create({ queueMs: (1 + (i % 3)) * SECOND, generateMs: (80 + i) * SECOND }));
    // Each answer takes real time, so requests overlap on the wire.
    sim.fault({ on: 'poll', delayMs: 15, times: 1000 });
    const h = harness(client, clock, { maxConcurrentRequests: 4 });
    for (const t of targets) h.poller.track(t);
    await driveOverlapping(h, finished(h, 20));
    assert.equal(kinds(h.events).filter((k) => k === 'completed').length, 20);
    assert.ok(client.maxInFlight <= 4 && client.maxInFlight >= 2, `max in flight: ${client.maxInFlight}`);
    assert.equal(clock.pendingTimers, 0);
    const starts = [...client.startedAt].sort((x, y) => x - y);
    assert.ok(gaps(starts).every((g) => g >= 100), 'requests leave at least 100 ms apart: no burst');
  });

  it('learns from completed jobs: a model that runs long shifts its window', async () => {
    const timing = new TimingModel(new MemoryStorage());
    const before = timing.window(MODEL);
    for (let i = 0; i < 4; i++) {
      const t = await create({ queueMs: 2 * SECOND, generateMs: 150 * SECOND });
      const h = harness(client, clock, { timing });
      h.poller.track(t);
      await drive(h, finished(h));
      assert.deepEqual(kinds(h.events).slice(-1), ['completed']);
    }
    const after = timing.window(MODEL);
    assert.equal(timing.sampleCount(MODEL), 4);
    assert.ok(after.minMs > before.minMs + 20 * SECOND && after.maxMs > 140 * SECOND, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    // And the next job of that model is polled densely around 150 s, not 80–100 s.
    const t = await create({ queueMs: 2 * SECOND, generateMs: 150 * SECOND });
    const h = harness(client, clock, { timing });
    h.poller.track(t);
    await drive(h, finished(h));
    const times = polls(t.generationId).map((r) => r.at - t.submittedAt);
    assert.equal(times.filter((x) => x > 80 * SECOND && x < 110 * SECOND).length <= 2, true, `few polls in the old window: ${times.join(', ')}`);
    assert.ok((times[times.length - 1] ?? 0) - 152 * SECOND < 4 * SECOND);
  });
});
