// One run of the polling benchmark: the project's real Poller and TimingModel, on the
// unit tests' fake clock (test/support/fakeClock.ts), watching a plan's jobs on the fake
// service. Time moves only from timer to timer, so an hour of jobs takes milliseconds and
// the figures do not depend on how busy the machine is.
import type { PollEvent } from '../../src/core/jobs/pollEvents';
import { Poller } from '../../src/core/jobs/poller';
import type { DelayPolicy } from '../../src/core/jobs/pollPolicy';
import { TimingModel } from '../../src/core/jobs/timing';
import { FakeClock } from '../support/fakeClock';
import { FakeService } from './fakeService';
import { seededRandom } from './random';
import type { PlannedJob, RunPlan } from './scenarios';

/** The extension's default job timeout (veoStudio.jobTimeoutMinutes). */
const JOB_TIMEOUT_MS = 20 * 60_000;

export interface JobResult {
  readonly job: PlannedJob;
  /** GETs for this job, 429s included. */
  readonly requests: number;
  readonly end: PollEvent['kind'];
  /** Detection − completion, ms (for a completed job). */
  readonly delayMs: number;
  /** Of the delay, how long the service's Retry-After forbade asking (ms). */
  readonly blockedMs: number;
  /** Submission → completion, ms. */
  readonly durationMs: number;
  /** When each GET left, ms after submission (for --verbose). */
  readonly polls: readonly number[];
}

export interface RunOutput {
  readonly results: readonly JobResult[];
  readonly timing: TimingModel;
}

export async function runPlan(plan: RunPlan, policy: DelayPolicy, seed: number): Promise<RunOutput> {
  const clock = new FakeClock();
  const start = clock.now();
  const service = new FakeService(clock, plan.bursts, start);
  const timing = new TimingModel();
  const submitted = new Map<string, { job: PlannedJob; at: number }>();
  const polls = new Map<string, number[]>();
  const results: JobResult[] = [];
  const client = {
    getGeneration: (id: string) => {
      polls.get(id)?.push(clock.now() - (submitted.get(id)?.at ?? 0));
      return service.getGeneration(id);
    },
  };
  const onEvent = (e: PollEvent): void => {
    if (e.kind === 'pending' || e.kind === 'retrying') return;
    const s = submitted.get(e.jobId);
    if (!s) return;
    const completedAt = service.completesAt(e.jobId);
    results.push({
      job: s.job,
      requests: service.requests(e.jobId),
      end: e.kind,
      delayMs: clock.now() - completedAt,
      blockedMs: service.blockedWithin(completedAt, clock.now()),
      durationMs: completedAt - s.at,
      polls: polls.get(e.jobId) ?? [],
    });
  };
  const poller = new Poller({ clock, client, timing, onEvent, policy, random: seededRandom(seed) });
  for (const job of plan.jobs) {
    clock.setTimeout(() => {
      const id = service.submit(job);
      const at = clock.now();
      submitted.set(id, { job, at });
      polls.set(id, []);
      poller.track({ jobId: id, generationId: id, model: job.model, submittedAt: at, deadlineAt: at + JOB_TIMEOUT_MS });
    }, job.arriveAt);
  }
  for (const change of plan.focus) clock.setTimeout(() => poller.setFocused(change.focused), change.at);
  try {
    while (results.length < plan.jobs.length) {
      const next = clock.nextAt();
      if (next === undefined) throw new Error(`the run stalled with ${plan.jobs.length - results.length} jobs open`);
      await clock.advance(next - clock.now());
    }
  } finally {
    poller.dispose();
  }
  return { results: results.sort((a, b) => a.job.index - b.job.index), timing };
}
