// The spending ledger and the budget rule: what counts, when, and what passes.
import assert from 'node:assert/strict';
import type { Job } from '../../src/core/jobs/job';
import { checkBudget } from '../../src/core/money/budget';
import { jobSpend, spending } from '../../src/core/money/ledger';

const NOW = new Date(2026, 11, 15, 14, 0, 0).getTime();
const DAY = 24 * 60 * 60_000;

function job(id: string, over: Partial<Job>): Job {
  return { id, request: { model: 'google/veo-3.1-t2v-fast', prompt: id, media: {}, options: {} }, status: 'completed', createdAt: NOW - 60_000, updatedAt: NOW, finishedAt: NOW - 1_000, ...over };
}

describe('money: the ledger', () => {
  it('counts the actual cost, else the estimate of a made video, and nothing for refused or failed jobs', () => {
    assert.deepEqual(jobSpend(job('a', { usage: { usd: 0.6, credits: 1_200_000 } })), { jobId: 'a', usd: 0.6, basis: 'actual', at: NOW - 1_000 });
    assert.equal(jobSpend(job('b', { estimate: { usd: 3.2, basis: '8 s × $0.40/s' } }))?.basis, 'estimated');
    assert.equal(jobSpend(job('c', { status: 'failed', error: { kind: 'generation', message: 'no' }, estimate: { usd: 1, basis: '' } })), undefined);
    assert.equal(jobSpend(job('d', { status: 'failed', error: { kind: 'download', message: 'disk' }, estimate: { usd: 1, basis: '' } }))?.usd, 1);
    assert.equal(jobSpend(job('e', { status: 'pending', finishedAt: undefined, estimate: { usd: 2, basis: '' } }))?.basis, 'pending');
  });

  it('sums today and this month in local time, per shot list, and keeps running jobs apart', () => {
    const jobs = [
      job('today', { usage: { usd: 1 } }),
      job('yesterday', { usage: { usd: 2 }, finishedAt: NOW - DAY }),
      job('last-month', { usage: { usd: 4 }, finishedAt: new Date(2026, 10, 30, 12).getTime() }),
      job('shot', { usage: { usd: 0.5 }, shotList: { file: '/w/a.veo.json', index: 0 } }),
      job('running', { status: 'pending', finishedAt: undefined, estimate: { usd: 8, basis: '' } }),
    ];
    const s = spending(jobs, NOW);
    assert.equal(s.today, 1.5);
    assert.equal(s.thisMonth, 3.5);
    assert.equal(s.running, 8);
    assert.equal(s.byShotList.get('/w/a.veo.json'), 0.5);
    assert.equal(s.includesEstimates, false);
  });
});

describe('money: the budget', () => {
  it('no budget: everything passes, priced or not', () => {
    assert.equal(checkBudget({}, [100, undefined], 1000).passes, true);
  });

  it('per job: names the jobs over it', () => {
    const c = checkBudget({ perJobUSD: 2 }, [1.5, 3.2, 2], 0);
    assert.deepEqual(c.overPerJob, [1]);
    assert.equal(c.passes, false);
  });

  it('monthly: this month + running + the new estimates', () => {
    assert.equal(checkBudget({ monthlyUSD: 10 }, [3], 5, 1).passes, true);
    const c = checkBudget({ monthlyUSD: 10 }, [3, 3], 5, 1);
    assert.equal(c.monthlyAfter, 12);
    assert.equal(c.passes, false);
  });

  it('with a budget set, an unpriced job is asked about rather than let through', () => {
    const c = checkBudget({ monthlyUSD: 100 }, [undefined], 0);
    assert.equal(c.unpriced, 1);
    assert.equal(c.passes, false);
  });
});
