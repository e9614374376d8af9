// The preview's advice for the failures the hardening work added: a job the service called
// finished without sending its video (noVideo), and a key store that failed (keyStore).
import assert from 'node:assert/strict';
import type { Job } from '../../src/core/jobs/job';
import { adviceFor } from '../../src/webview/preview/model';

const failed = (kind: NonNullable<Job['error']>['kind'], message: string): Job => ({
  id: 'j',
  status: 'failed',
  createdAt: 1,
  updatedAt: 2,
  generationId: 'gen-1',
  error: { kind, message },
  request: { model: 'google/veo-3.1-t2v-fast', prompt: 'A kite', media: {}, options: {} },
});

describe('preview advice', () => {
  it('noVideo: the service said it finished but sent no video; Resume asks again at no cost', () => {
    const job = failed('noVideo', 'The service says the job finished, but sent no video URL.');
    const advice = adviceFor(job.error, job);
    assert.match(advice, /finished but sent no video/);
    assert.match(advice, /Resume asks again at no cost/);
    assert.doesNotMatch(advice, /Retry/, 'Retry would pay again');
  });

  it('keyStore: mend the keychain, then Resume', () => {
    const job = failed('keyStore', 'Veo Studio could not get to the API key in VS Code’s secret storage.');
    assert.match(adviceFor(job.error, job), /keychain.*Resume/);
  });
});
