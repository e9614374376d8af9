// The one POST of each job, and what its answer means for the money (createOutcome.ts):
// accepted → watched; refused → failed, not billed; 429 → nothing was made, so it waits
// for the account's rate limit and is sent again, visibly; an answer lost before it said
// anything → `unconfirmed`: looked for in the usage logs (logSearch.ts), never sent again
// by itself. docs/service.md, "Never paying twice".
import type { VeoClient } from '../api/client';
import type { RateGate } from '../api/rateGate';
import type { CreateBody } from '../api/client';
import type { Clock } from '../util/clock';
import { createOutcome, type CreateOutcome } from './createOutcome';
import type { Job } from './job';
import { toJobError } from './jobErrors';
import type { JobPatch, JobStore } from './jobStore';
import { failedPatch } from './jobUpdates';
import { LogSearch } from './logSearch';
import { acceptedPatch, foundPatch, nothingWasSent } from './submission';

/** How long a create keeps waiting out 429s before it is given up (nothing was made meanwhile). */
const RATE_LIMIT_PATIENCE_MS = 30 * 60_000;

export interface CreatesOptions {
  readonly store: JobStore;
  readonly client: Pick<VeoClient, 'createGeneration' | 'getLogs'>;
  readonly gate: RateGate;
  readonly clock: Clock;
  readonly log?: (line: string) => void;
  /** Starts polling an accepted job. */
  watch(job: Job): void;
  /** Ends a job as failed (and stops everything that goes on for it). */
  fail(id: string, patch: JobPatch): void;
}

/** What a job cancelled (or removed) while its create is handled says, by how far the create got. */
export const CANCELLED_NOTICE = {
  beforeSent: 'Cancelled before it was sent: nothing was made or billed.',
  whileSending: 'Cancelled while it was being sent: the service may still accept it, make the video and bill it. Its id is kept when the answer comes, so Resume can still fetch the video.',
  removing: 'Removed while it was being sent: it goes once the service answers, or stays here (cancelled, with its id) if the service took it, since it may still bill.',
} as const;

export class Creates {
  private readonly logSearch: LogSearch;
  /** Jobs whose POST is on the wire: the service may be making them right now. */
  private readonly onTheWire = new Set<string>();
  /** Jobs removed while their POST travelled: they go once the answer says nothing was made. */
  private readonly removeOnAnswer = new Set<string>();

  constructor(private readonly o: CreatesOptions) {
    this.logSearch = new LogSearch({
      clock: o.clock,
      client: o.client,
      gate: o.gate,
      ...(o.log ? { log: o.log } : {}),
      onFound: (id, generationId, row) => {
        if (row.status.toLowerCase() === 'failed') this.failedOnService(id);
        else this.found(id, generationId, 'logs', 'Found in the service’s usage logs; watching it');
      },
      onNotFound: (id) => this.notFound(id),
    });
  }

  /**
   * A job adopted from a lost answer's headers whose id the service does not know (404):
   * the header named a request that failed. Whether anything was made is for the usage logs
   * to say. Returns false when the job was not adopted that way (a 404 then means what it says).
   */
  reconsider(job: Job): boolean {
    if (job.identifiedBy !== 'headers' || job.status !== 'pending') return false;
    this.o.log?.(`job ${job.id}: the id from the lost answer's headers is unknown to the service; asking the usage logs`);
    const updated = this.o.store.update(job.id, {
      status: 'unconfirmed',
      generationId: undefined,
      identifiedBy: undefined,
      notice: 'The id in the lost answer is unknown to the service: looking for the job in the usage logs, and not sending it again',
    })!;
    this.lookFor(updated);
    return true;
  }

  /** The usage logs record the create as failed: nothing was made, nothing billed. */
  private failedOnService(id: string): void {
    const job = this.o.store.get(id);
    if (!job || (job.status !== 'unconfirmed' && job.status !== 'submitting')) return;
    this.o.fail(
      id,
      failedPatch({ kind: 'notCreated', message: 'The service’s usage logs record this request as failed, at no cost: nothing was made or billed. Retry sends it again.' }, this.o.clock.now()),
    );
  }

  /** Looks for a job that may exist (cut off mid-POST, or unconfirmed before a reload). */
  lookFor(job: Job): void {
    this.logSearch.track({ jobId: job.id, sentAt: job.sentAt ?? job.createdAt });
  }

  /** Stops looking for a job (it ended some other way). */
  forget(id: string): void {
    this.logSearch.untrack(id);
  }

  /** Whether the job's POST is on its way right now (sent, not answered). */
  isSending(id: string): boolean {
    return this.onTheWire.has(id);
  }

  /** The job goes once its answer arrives, unless the answer says the service has it. */
  removeWhenAnswered(id: string): void {
    if (this.onTheWire.has(id)) this.removeOnAnswer.add(id);
  }

  dispose(): void {
    this.logSearch.dispose();
  }

  /** Sends a stored job's create until it has an answer that is not "rate-limited". */
  async send(id: string, body: CreateBody): Promise<Job> {
    const firstTry = this.o.clock.now();
    for (let attempt = 1; ; attempt++) {
      await this.o.gate.wait();
      const before = this.o.store.get(id);
      // Cancelled or removed while it waited for the rate limit: nothing was sent.
      if (!before || before.status !== 'submitting') return before ?? this.gone(id);
      this.o.store.update(id, { sentAt: this.o.clock.now() });
      this.onTheWire.add(id);
      const result = await this.o.client
        .createGeneration(body, { clientRequestId: id })
        .then(
          (created) => ({ ok: true as const, created }),
          (error: unknown) => ({ ok: false as const, error }),
        )
        .finally(() => this.onTheWire.delete(id));
      const outcome = createOutcome(result);
      const job = this.o.store.get(id);
      if (!job) {
        // Gone while the POST travelled (the list pruned, say): say where the billed job is.
        const generationId = generationIdOf(outcome);
        if (generationId) this.o.log?.(`job ${id}: gone while it was being sent; the service has it as ${generationId}`);
        this.removeOnAnswer.delete(id);
        throw new Error(`The job ${id} left the list while it was being sent${generationId ? `; the service has it as ${generationId}` : ''}.`);
      }
      if (job.status === 'cancelled') return this.answeredAfterCancel(job, outcome);
      switch (outcome.kind) {
        case 'accepted': {
          const pending = this.o.store.update(id, acceptedPatch(outcome.created, this.o.clock.now()))!;
          this.o.log?.(`job ${id}: accepted as ${outcome.created.id}`);
          this.o.watch(pending);
          return this.o.store.get(id) ?? pending;
        }
        case 'adopted':
          this.o.log?.(`job ${id}: the answer was lost (${outcome.error.message}), but its headers name ${outcome.generationId}`);
          return this.found(id, outcome.generationId, 'headers', 'The service’s answer was cut off, but it named the job; watching it');
        case 'rateLimited': {
          const waitMs = this.o.gate.rateLimited(outcome.error);
          if (this.o.clock.now() - firstTry + waitMs > RATE_LIMIT_PATIENCE_MS) return this.refused(id, outcome.error, attempt);
          this.o.store.update(id, { notice: `Waiting for the rate limit; sending again in ${Math.max(1, Math.round(waitMs / 1000))} s` });
          this.o.log?.(`job ${id}: rate-limited on create (attempt ${attempt}); nothing was made, sending again in ${Math.round(waitMs / 1000)} s`);
          continue;
        }
        case 'refused':
          return this.refused(id, outcome.error, attempt);
        case 'unconfirmed':
          return this.unconfirmed(id, outcome.error);
      }
    }
  }

  /**
   * The answer to a job cancelled (or removed) while its POST travelled. Cancel sticks: the
   * job is never polled or saved by itself. What the answer says is written on the job: an id
   * is kept, so Resume can fetch a video the service makes (and bills) anyway. A removed job
   * goes only when nothing was made; otherwise it stays, cancelled, so the billed id is not
   * lost with it.
   */
  private answeredAfterCancel(job: Job, outcome: CreateOutcome): Job {
    const id = job.id;
    const removing = this.removeOnAnswer.delete(id);
    const what = removing ? 'Removed' : 'Cancelled';
    const generationId = generationIdOf(outcome);
    if (generationId) {
      this.o.log?.(`job ${id}: ${what.toLowerCase()} while it was being sent; the service accepted it as ${generationId}`);
      const notice = removing
        ? `Removed while it was being sent, but the service had already accepted it (${generationId}): it may still make the video and bill it, so it stays in the list. Resume fetches the video; Remove forgets the job.`
        : `Cancelled while it was being sent, but the service had already accepted it (${generationId}): it may still make the video and bill it. Resume fetches the video.`;
      return this.o.store.update(id, { generationId, submittedAt: job.sentAt ?? job.createdAt, notice }) ?? job;
    }
    if (outcome.kind === 'refused' || outcome.kind === 'rateLimited') {
      const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      if (removing) {
        // Nothing was made: the job goes as asked, and the caller hears why (a refusal) or that it went.
        this.o.store.remove(id);
        if (outcome.kind === 'refused') throw outcome.error;
        return this.gone(id);
      }
      const notice = outcome.kind === 'refused' ? `Cancelled while it was being sent; the service refused it (${reason}): nothing was made or billed.` : CANCELLED_NOTICE.beforeSent;
      return this.o.store.update(id, { notice }) ?? job;
    }
    // The answer was lost: the service may have started it. Kept, with what to look for.
    this.o.log?.(`job ${id}: ${what.toLowerCase()} while it was being sent, and the answer was lost`);
    const notice = `${what} while it was being sent, and the service's answer was lost: it may have started the job and may bill it. Its request id (X-Client-Request-Id) in the AI/ML API's logs is ${id}.${removing ? ' Remove forgets the job.' : ''}`;
    return this.o.store.update(id, { notice }) ?? job;
  }

  /** The service made nothing: the job fails (not billed) and the caller hears why. */
  private refused(id: string, error: unknown, attempt: number): never {
    // Nothing was sent: no job to keep, just the missing key to report.
    if (nothingWasSent(error)) this.o.store.remove(id);
    else this.o.fail(id, failedPatch(toJobError(error), this.o.clock.now()));
    if (attempt > 1) this.o.log?.(`job ${id}: refused after ${attempt} attempts`);
    throw error;
  }

  private unconfirmed(id: string, error: unknown): Job {
    const reason = error instanceof Error ? error.message : String(error);
    this.o.log?.(`job ${id}: the create's answer was lost (${reason}); looking for it in the usage logs`);
    const job = this.o.store.update(id, {
      status: 'unconfirmed',
      notice: `The service’s answer was lost (${reason}). It may have started the job: looking for it in the usage logs, and not sending it again`,
    })!;
    this.logSearch.track({ jobId: id, sentAt: job.sentAt ?? job.createdAt });
    return job;
  }

  /** A job the service turned out to have: watch it like any other. */
  private found(id: string, generationId: string, by: 'headers' | 'logs', how: string): Job {
    const job = this.o.store.get(id);
    if (!job || (job.status !== 'submitting' && job.status !== 'unconfirmed')) return job ?? this.gone(id);
    this.logSearch.untrack(id);
    const pending = this.o.store.update(id, foundPatch(generationId, job, this.o.clock.now(), by, how))!;
    this.o.watch(pending);
    return pending;
  }

  private notFound(id: string): void {
    const job = this.o.store.get(id);
    if (!job || job.status !== 'unconfirmed') return;
    this.o.fail(
      id,
      failedPatch(
        {
          kind: 'unconfirmed',
          message:
            'The service’s answer to this job was lost, and it does not appear in the usage logs 15 minutes later. It may never have started — or it may still run and bill. Retry sends it again: if the first request did run, this bills twice.',
        },
        this.o.clock.now(),
      ),
    );
  }

  /** A job removed while its create was handled: what the caller gets back. */
  private gone(id: string): never {
    throw new Error(`The job ${id} was removed while it was being sent.`);
  }

  /** Stops looking for an unconfirmed job in the usage logs; it ends as unconfirmed (it may still bill). */
  stopLooking(job: Job): Job {
    const id = job.id;
    if (job.status !== 'unconfirmed') return job;
    this.logSearch.untrack(id);
    this.o.fail(id, failedPatch({ kind: 'unconfirmed', message: 'You stopped looking for this job. If the service did start it, it will still bill; Retry sends it again (and may bill twice).' }, this.o.clock.now()));
    return this.o.store.get(id) ?? job;
  }

  /** The person knows an unconfirmed job never ran (their dashboard says so): it ends, not billed. */
  markNotCreated(job: Job): Job {
    const id = job.id;
    const unconfirmed = job.status === 'unconfirmed' || (job.status === 'failed' && (job.error?.kind === 'unconfirmed' || job.error?.kind === 'interrupted'));
    if (!unconfirmed) return job;
    this.logSearch.untrack(id);
    this.o.fail(id, failedPatch({ kind: 'notCreated', message: 'You marked this job as never started by the service: nothing was billed. Retry sends it.' }, this.o.clock.now()));
    return this.o.store.get(id) ?? job;
  }
}

/** The generation an answer names, if it names one. */
function generationIdOf(outcome: CreateOutcome): string | undefined {
  return outcome.kind === 'accepted' ? outcome.created.id : outcome.kind === 'adopted' ? outcome.generationId : undefined;
}
