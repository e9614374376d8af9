// A cancelled job that may still be billed says so where a person looks — the tree's line,
// the tooltip, the details — with the id to find it by in the AI/ML API's logs; one that
// was cancelled before it was sent says nothing was billed.
import assert from 'node:assert/strict';
import { CANCELLED_NOTICE } from '../../src/core/jobs/creates';
import type { Job } from '../../src/core/jobs/job';
import { jobDescription, jobSections, jobTooltip } from '../../src/core/text/jobText';

const base: Job = {
  id: '7f9d2c1e-0000-4000-8000-000000000001',
  status: 'cancelled',
  createdAt: 1_000,
  updatedAt: 2_000,
  finishedAt: 2_000,
  request: { model: 'google/veo-3.1-t2v-fast', prompt: 'A kite', media: {}, options: { duration: 4 } },
};
const cost = (job: Job) => jobSections(job, { now: 3_000 }).flatMap((s) => s.rows).find((r) => r.label === 'Cost')!.value;

describe('a cancelled job: what it says about money', () => {
  it('cancelled while it was being sent: the tree line carries the billing warning, the tooltip the request id', () => {
    const job: Job = { ...base, sentAt: 1_100, notice: CANCELLED_NOTICE.whileSending };
    assert.match(jobDescription(job, 3_000), /may still accept it, make the video and bill it/);
    const tooltip = jobTooltip(job);
    assert.match(tooltip, /may still accept it, make the video and bill it/);
    assert.ok(tooltip.includes(`X-Client-Request-Id): ${job.id}`), tooltip);
    assert.match(cost(job), /Billed only if the service still makes the video/);
  });

  it('cancelled once the service had it: the tree line says it may still be billed; the tooltip has the generation id', () => {
    const job: Job = { ...base, sentAt: 1_100, generationId: 'gen-123' };
    assert.match(jobDescription(job, 3_000), /may still be billed/);
    assert.match(jobTooltip(job), /Generation id: gen-123/);
  });

  it('cancelled before it was sent: nothing was billed, and it says so', () => {
    const job: Job = { ...base, notice: CANCELLED_NOTICE.beforeSent };
    assert.match(jobDescription(job, 3_000), /nothing was made or billed/);
    assert.doesNotMatch(jobDescription(job, 3_000), /may still be billed/);
    assert.doesNotMatch(jobTooltip(job), /X-Client-Request-Id/);
    assert.match(cost(job), /Not billed: cancelled before it was sent/);
  });
});
