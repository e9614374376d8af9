// The service's status words: one table (core/api/remoteStatus.ts), and the three readers
// of it — the normaliser, the Poller's phase and the tree's text — agreeing on every word.
import assert from 'node:assert/strict';
import { isRecognisedStatus, remotePhase, type RemotePhase } from '../../src/core/api/remoteStatus';
import { generationResponse, toGeneration } from '../../src/core/api/wire';
import type { Job } from '../../src/core/jobs/job';
import { statusText } from '../../src/core/text/jobText';

/** What the docs and the samples say (docs/service.md, "Statuses"). */
const DOCUMENTED: ReadonlyArray<readonly [string, RemotePhase]> = [
  ['queued', 'queued'],
  ['generating', 'generating'],
  ['completed', 'completed'],
  ['error', 'failed'],
  // older samples and the provider's plugin
  ['waiting', 'queued'],
  ['active', 'generating'],
  // some clients
  ['failed', 'failed'],
];

/**
 * What the provider's own SDK and n8n node read as final or running (docs/service.md,
 * "Statuses"): the n8n node ends on done/ready/finished and on timeout/timed_out/expired,
 * the Python SDK's generic helper waits on processing.
 */
const PROVIDER_CODE: ReadonlyArray<readonly [string, RemotePhase]> = [
  ['succeeded', 'completed'],
  ['success', 'completed'],
  ['done', 'completed'],
  ['ready', 'completed'],
  ['finished', 'completed'],
  ['cancelled', 'failed'],
  ['canceled', 'failed'],
  ['timeout', 'failed'],
  ['timed_out', 'failed'],
  ['expired', 'failed'],
  ['rejected', 'failed'],
  ['processing', 'generating'],
];

function pendingJob(remoteStatus: string | undefined): Job {
  return {
    id: 'j',
    status: 'pending',
    createdAt: 0,
    updatedAt: 0,
    request: { model: 'google/veo-3.1-t2v-fast', prompt: 'p', media: {}, options: {} },
    ...(remoteStatus === undefined ? {} : { remoteStatus }),
  };
}

function normalised(status: string, video?: string) {
  return toGeneration('g', generationResponse.parse({ id: 'g', status, ...(video ? { video: { url: video } } : {}) }));
}

describe('status words', () => {
  it('maps every documented word to its phase, in any letter case', () => {
    for (const [word, phase] of DOCUMENTED) {
      assert.equal(remotePhase(word), phase, word);
      assert.equal(remotePhase(word.toUpperCase()), phase, word.toUpperCase());
    }
  });

  it('ends a job on the final words of the provider\'s SDK and n8n node, and knows them as recognised', () => {
    for (const [word, phase] of [...PROVIDER_CODE, ...DOCUMENTED]) {
      assert.equal(remotePhase(word), phase, word);
      assert.equal(isRecognisedStatus(word), true, word);
      const g = normalised(word, 'https://cdn.example/v.mp4');
      assert.equal(g.state, phase === 'completed' ? 'completed' : phase === 'failed' ? 'failed' : 'pending', word);
    }
    assert.equal(normalised('done').state, 'completedWithoutVideo', 'a final word still needs its video');
    for (const word of ['rendering', 'Processing-ish', '', 'toString']) assert.equal(isRecognisedStatus(word), false, JSON.stringify(word));
  });

  it('reads a word it does not know, and no word, as pending', () => {
    for (const word of ['rendering', 'Rendering', '', 'toString', '__proto__']) assert.equal(remotePhase(word), 'pending', JSON.stringify(word));
    assert.equal(remotePhase(undefined), 'pending');
  });

  it('the normaliser ends a job only on a completed or failed word', () => {
    for (const [word, phase] of DOCUMENTED) {
      const g = normalised(word, 'https://cdn.example/v.mp4');
      const expected = phase === 'completed' ? 'completed' : phase === 'failed' ? 'failed' : 'pending';
      assert.equal(g.state, expected, word);
      assert.equal(g.status, word, 'the word itself is kept');
    }
    assert.equal(normalised('rendering').state, 'pending', 'a new word never fails a job');
    assert.equal(normalised('completed').state, 'completedWithoutVideo', 'completed without a video is told apart, to be asked again');
  });

  it('the tree says Queued, Generating, or Waiting for a word it does not know', () => {
    assert.equal(statusText(pendingJob('queued')), 'Queued');
    assert.equal(statusText(pendingJob('Waiting')), 'Queued');
    assert.equal(statusText(pendingJob('generating')), 'Generating');
    assert.equal(statusText(pendingJob('ACTIVE')), 'Generating');
    assert.equal(statusText(pendingJob('rendering')), 'Waiting');
    assert.equal(statusText(pendingJob(undefined)), 'Waiting');
    for (const [word, phase] of DOCUMENTED) {
      if (phase === 'queued' || phase === 'generating') assert.equal(statusText(pendingJob(word)).toLowerCase(), phase, word);
    }
  });
});
