// Shot-list runs kept on disk (item 14 of the hardening issue), under plain Node: a shot's
// fingerprint follows what its request sends and nothing else; the store writes in order and
// a claim is taken by one owner only; after a reload only the waiting entries are sent, an
// entry with a job never again (one cut off while being sent is found in the JobStore), and
// a shot that changed, went invalid or left the file is dropped, with why; the runner
// counts the run's jobs still running against the limit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Job, JobStatus } from '../../src/core/jobs/job';
import { JobStore } from '../../src/core/jobs/jobStore';
import { isUnfinished, mayClaim, newRecord, requestFingerprint, resumePlan, withEntry, type RunRecord } from '../../src/core/shotList/runRecord';
import { RUNS_KEY, RunRecords } from '../../src/core/shotList/runRecords';
import { runShots } from '../../src/core/shotList/runner';
import { planShotList, type PlannedShot } from '../../src/core/shotList/validate';
import { MemoryStorage } from '../../src/core/util/storage';
import { RunOwners } from '../../src/platform/runOwners';
import { settle } from '../support/fakeClock';

const T2V = 'google/veo-3.1-t2v-fast';
const OWNER = { pid: 1, token: 'a' };

function job(id: string, file: string, index: number, status: JobStatus, createdAt = 10, take?: number): Job {
  return { id, status, createdAt, updatedAt: createdAt, request: { model: T2V, prompt: String(index), media: {}, options: {} }, shotList: { file, index, ...(take !== undefined ? { take } : {}) } };
}

describe('shot-list runs on disk: the record', () => {
  let ws: string;
  let file: string;
  before(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-runs-'));
    file = path.join(ws, 'a.veo.json');
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));
  const shotsOf = async (doc: unknown): Promise<readonly PlannedShot[]> => {
    const plan = await planShotList(JSON.stringify(doc), { file, roots: [ws] });
    assert.deepEqual(plan.issues.filter((i) => i.severity === 'error'), []);
    return plan.shots;
  };
  const four = { shots: [1, 2, 3, 4].map((n) => ({ prompt: `shot ${n}`, model: T2V, options: { duration: 4 } })) };

  it('fingerprints what a request sends: the same for the same request in another key order, another for a changed prompt, model, option or image', () => {
    const base = { model: T2V, prompt: 'a', media: {}, options: { duration: 4, resolution: '720p' } };
    const fp = requestFingerprint(base);
    assert.match(fp, /^[0-9a-f]{32}$/);
    assert.equal(requestFingerprint({ ...base, options: { resolution: '720p', duration: 4 } }), fp);
    for (const changed of [{ prompt: 'b' }, { model: 'google/veo-3.1-t2v' }, { options: { duration: 6, resolution: '720p' } }, { media: { image: { kind: 'file', path: '/x.png' } } }]) {
      assert.notEqual(requestFingerprint({ ...base, ...changed } as typeof base), fp, JSON.stringify(changed));
    }
  });

  it('a new record has every entry waiting, with its shot, take and fingerprint; it is unfinished until none waits', async () => {
    const shots = await shotsOf(four);
    const record = newRecord(file, [{ shot: shots[0]! }, { shot: shots[1]!, take: 2 }], OWNER, 5);
    assert.deepEqual(record.entries.map((e) => [e.index, e.take, e.state]), [[0, undefined, 'waiting'], [1, 2, 'waiting']]);
    assert.equal(record.entries[0]!.fingerprint, requestFingerprint(shots[0]!.request));
    assert.ok(isUnfinished(record));
    const sent = withEntry(withEntry(record, 0, { state: 'sent', jobId: 'j0' }), 1, { state: 'refused' });
    assert.equal(isUnfinished(sent), false);
    assert.equal(record.entries[0]!.state, 'waiting', 'withEntry copies');
  });

  it('after a reload sends only the waiting entries; an entry with a job is never sent again, and its running job holds a slot', async () => {
    const shots = await shotsOf(four);
    let record = newRecord(file, shots.map((shot) => ({ shot })), OWNER, 5);
    record = withEntry(record, 0, { state: 'sent', jobId: 'j0' });
    record = withEntry(record, 1, { state: 'sent', jobId: 'j1' });
    const jobs = [job('j0', file, 0, 'completed'), job('j1', file, 1, 'pending')];
    const plan = resumePlan(record, { shots, total: 4 }, jobs);
    assert.deepEqual(plan.send.map((s) => [s.position, s.shot.index]), [[2, 2], [3, 3]]);
    assert.deepEqual(plan.found, []);
    assert.deepEqual(plan.dropped, []);
    assert.deepEqual(plan.running, ['j1']);
  });

  it('an entry cut off while being sent is its job when the JobStore has one made since (never sent twice), else it is sent', async () => {
    const shots = await shotsOf(four);
    let record = newRecord(file, shots.map((shot, i) => ({ shot, ...(i === 3 ? { take: 2 } : {}) })), OWNER, 5);
    record = withEntry(record, 0, { state: 'sending', sendingAt: 100 });
    record = withEntry(record, 1, { state: 'sending', sendingAt: 100 });
    record = withEntry(record, 3, { state: 'sending', sendingAt: 100 });
    const jobs = [
      job('mine', file, 0, 'unconfirmed', 101),
      job('older', file, 1, 'completed', 50), // an earlier run's job of the same shot
      job('otherTake', file, 3, 'pending', 101, 1),
    ];
    const plan = resumePlan(record, { shots, total: 4 }, jobs);
    assert.deepEqual(plan.found, [{ position: 0, jobId: 'mine' }]);
    assert.deepEqual(plan.running, ['mine']);
    assert.deepEqual(plan.send.map((s) => [s.position, s.take]), [[1, undefined], [2, undefined], [3, 2]]);
  });

  it('drops a waiting shot that changed, no longer passes its checks, or left the file, and every one when the file was deleted or cannot be read', async () => {
    const shots = await shotsOf(four);
    const record = newRecord(file, shots.map((shot) => ({ shot })), OWNER, 5);
    const now = await planShotList(
      JSON.stringify({ shots: [{ prompt: 'shot 1', model: T2V, options: { duration: 4 } }, { prompt: 'shot 2 rewritten', model: T2V, options: { duration: 4 } }, { prompt: 'shot 3', model: T2V, options: { duration: 99 } }] }),
      { file, roots: [ws] },
    );
    const plan = resumePlan(record, { shots: now.shots, total: now.total }, []);
    assert.deepEqual(plan.send.map((s) => s.shot.index), [0]);
    assert.deepEqual(plan.dropped.map((d) => [d.index, d.reason]), [[1, 'changed'], [2, 'invalid'], [3, 'removed']]);
    assert.deepEqual(resumePlan(record, 'deleted', []).dropped.map((d) => d.reason), ['deleted', 'deleted', 'deleted', 'deleted']);
    assert.deepEqual(resumePlan(record, 'unreadable', []).send, []);
    // Told once: a dropped entry is not weighed again at the next reload.
    assert.deepEqual(resumePlan(withEntry(record, 1, { state: 'dropped' }), 'deleted', []).dropped.map((d) => d.index), [0, 2, 3]);
  });
});

describe('shot-list runs on disk: the store and the claim', () => {
  const record = (file: string, token: string): RunRecord => ({ file, startedAt: 0, owner: { pid: 1, token }, entries: [{ index: 0, fingerprint: 'f', state: 'waiting' }] });

  it('keeps one record per file, changes an entry only for the run that holds it, and forgets the key when the last run goes', async () => {
    const storage = new MemoryStorage();
    const runs = new RunRecords(storage);
    await runs.put(record('/a', 'a'));
    await runs.put(record('/b', 'b'));
    await runs.entry('/a', 'a', 0, { state: 'sent', jobId: 'j' });
    await runs.entry('/b', 'someone else', 0, { state: 'sent', jobId: 'k' });
    assert.deepEqual(runs.get('/a')!.entries[0], { index: 0, fingerprint: 'f', state: 'sent', jobId: 'j' });
    assert.equal(runs.get('/b')!.entries[0]!.state, 'waiting');
    await runs.delete('/b', 'not its owner');
    assert.ok(runs.get('/b'));
    // A new store over the same storage (the next window) sees what was written.
    assert.deepEqual(new RunRecords(storage).all().map((r) => r.file), ['/a', '/b']);
    await runs.delete('/a');
    await runs.delete('/b', 'b');
    assert.equal(storage.get(RUNS_KEY), undefined);
  });

  it('a run is claimed only when its owner is not alive, and by one of two claims made together', async () => {
    const runs = new RunRecords(new MemoryStorage());
    await runs.put(record('/a', 'old'));
    assert.equal(mayClaim(runs.get('/a')!, () => true), false);
    assert.equal(await runs.claim('/a', { pid: 2, token: 'x' }, () => true), undefined, 'the other window still runs it');
    // Each claimant is alive from before it claims (RunOwners.open), as in the extension.
    const live = new Set<string>(['x', 'y']);
    const alive = (o: { token: string }) => live.has(o.token);
    const [first, second] = await Promise.all([runs.claim('/a', { pid: 2, token: 'x' }, alive), runs.claim('/a', { pid: 2, token: 'y' }, alive)]);
    assert.equal(first?.owner.token, 'x');
    assert.equal(second, undefined);
    assert.equal(runs.get('/a')!.owner.token, 'x');
    assert.equal(await runs.claim('/nothing', { pid: 2, token: 'z' }, alive), undefined);
  });
});

describe('shot-list runs on disk: carrying on', () => {
  it('the runner counts the run’s jobs still running against the limit: with 1, the next shot waits for them', async () => {
    const store = new JobStore(new MemoryStorage(), { now: () => 0 });
    store.add(job('before', '/f', 0, 'pending'));
    const submitted: number[] = [];
    let n = 0;
    const run = runShots([1, 2], {
      submit: async (shot) => {
        await new Promise((r) => setImmediate(r));
        submitted.push(shot);
        return store.add(job(`j${n++}`, '/f', shot, 'pending'));
      },
      jobs: store,
      limit: () => 1,
      alreadyRunning: ['before', 'gone'],
    });
    await settle();
    assert.deepEqual(submitted, [], 'the job sent before the reload holds the only slot');
    store.update('before', { status: 'completed' });
    await settle();
    assert.deepEqual(submitted, [1]);
    store.update('j0', { status: 'completed' });
    await run;
    assert.deepEqual(submitted, [1, 2]);
  });
});

describe('shot-list runs on disk: which window holds a run', () => {
  it('a run of this process is alive until it ends here; another process’s while that process runs', () => {
    const owners = new RunOwners();
    const live = owners.open();
    assert.equal(live.owner.pid, process.pid);
    assert.ok(owners.isAlive(live.owner));
    live.close();
    assert.equal(owners.isAlive(live.owner), false, 'ended here: the next claim may take it');
    assert.ok(owners.isAlive({ pid: process.ppid, token: 'another window' }));
    assert.equal(owners.isAlive({ pid: 2 ** 22 + 12_345, token: 'a window that ended' }), false);
    assert.equal(owners.isAlive({ pid: -1, token: 'nonsense' }), false);
  });

  it('a (simulated) reload stops every run, marks it cut off, and resolves once each has ended', async () => {
    const owners = new RunOwners();
    const a = owners.open();
    const b = owners.open();
    let ended = false;
    const reload = owners.detachAll().then(() => (ended = true));
    await settle();
    assert.ok(a.signal.aborted && b.signal.aborted && a.detached && b.detached);
    assert.equal(ended, false, 'waits for the runs to end');
    a.close();
    b.close();
    await reload;
    assert.equal(owners.isAlive(a.owner), false);
    const stopped = owners.open();
    stopped.stop();
    assert.ok(stopped.signal.aborted);
    assert.equal(stopped.detached, false, 'stopped by the person: it forgets its record');
  });
});
