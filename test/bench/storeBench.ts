// The job store's half of the bench: the bytes handed to storage over one job's life, with
// 500 finished jobs already in the list (the most it keeps), when every change is written
// at once (as the store did) and when the running job's chatter — status words, progress
// notices — is coalesced (as it does now; a new job and every status are still written at
// once). The life is a typical one: created, polled every 5–15 s for two minutes with the
// service's status word moving, saved with a progress notice every 100 ms for 3 s.
import { JobStore } from '../../src/core/jobs/jobStore';
import type { Job } from '../../src/core/jobs/job';
import { MemoryStorage } from '../../src/core/util/storage';
import { FakeClock } from '../support/fakeClock';

const PROMPT = 'A slow dolly shot along a rain-soaked neon street at night, reflections shimmering in the puddles';

function finished(i: number): Job {
  return {
    id: `done-${i}`,
    createdAt: i,
    updatedAt: i,
    finishedAt: i + 90_000,
    status: 'completed',
    request: { model: 'google/veo3-1-fast-text-to-video', prompt: `${PROMPT} ${i}`, media: {}, options: { duration: 8, resolution: '1080p' } },
    output: { file: `/work/videos/clip-${i}.mp4`, bytes: 8_000_000 },
  } as Job;
}

async function oneLife(coalesced: boolean): Promise<{ bytes: number; listBytes: number }> {
  const clock = new FakeClock();
  const store = new JobStore(new MemoryStorage(), coalesced ? clock : { now: () => clock.now() }, () => undefined);
  for (let i = 0; i < 500; i++) store.add(finished(i));
  await store.flush();
  const listBytes = JSON.stringify(store.all()).length;
  const before = store.bytesWritten;
  const id = 'the-job';
  store.add({ id, createdAt: clock.now(), updatedAt: clock.now(), status: 'pending', request: { model: 'google/veo3-1-fast-text-to-video', prompt: PROMPT, media: {}, options: {} } } as Job);
  store.update(id, { generationId: 'gen-1' });
  let seed = 3;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let t = 0; t < 120_000; ) {
    const step = 5_000 + Math.floor(random() * 10_000);
    await clock.advance(step);
    t += step;
    store.update(id, { remoteStatus: t < 30_000 ? 'queued' : 'generating', notice: `checked ${Math.round(t / 1000)} s in` });
  }
  store.update(id, { status: 'downloading', notice: undefined });
  for (let p = 0; p <= 30; p++) {
    await clock.advance(100);
    store.update(id, { notice: `${Math.round((p / 30) * 100)} % saved` });
  }
  store.update(id, { status: 'completed', notice: undefined, finishedAt: clock.now(), output: { file: '/work/videos/the-job.mp4', bytes: 8_000_000 } });
  await store.flush();
  return { bytes: store.bytesWritten - before, listBytes };
}

export async function benchStore(): Promise<number> {
  const every = await oneLife(false);
  const coalesced = await oneLife(true);
  const mb = (b: number) => (b / (1024 * 1024)).toFixed(2);
  console.log('job store: one job\'s life (2 min of polls, 3 s of saving) beside 500 finished jobs');
  console.log(`  the list: ${(every.listBytes / 1024).toFixed(0)} KB`);
  console.log(`  every change written at once: ${mb(every.bytes)} MB written`);
  console.log(`  chatter coalesced:            ${mb(coalesced.bytes)} MB written (new job and every status still at once)`);
  return coalesced.bytes / every.bytes;
}
