// A JobManager as the extension builds one, for unit tests: the real client against the
// simulator over HTTP, a JobStore over MemoryStorage, a seeded temp workspace folder, the
// real downloader writing into it, and the test's fake clock. Disposed (and its folder
// removed) after the test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VeoClient } from '../../src/core/api/client';
import type { Job, JobSettings } from '../../src/core/jobs/job';
import { JobManager, type JobManagerOptions } from '../../src/core/jobs/jobManager';
import { JobStore } from '../../src/core/jobs/jobStore';
import { TimingModel } from '../../src/core/jobs/timing';
import { MemoryStorage } from '../../src/core/util/storage';
import type { FakeClock, RunUntilOptions } from './fakeClock';
import { SIM_KEY, type SimulatorHandle } from './useSimulator';
import { makeWorkspace } from './workspace';

export interface ManagerSetup extends Partial<Pick<JobManagerOptions, 'outputFolder' | 'poller' | 'log' | 'maxConcurrentDownloads'>> {
  /** Reopen what an earlier manager persisted (a restart). */
  readonly storage?: MemoryStorage;
  /** The workspace folder; default: a fresh seeded one (images/frame-720p.png, …). */
  readonly folder?: string;
  /** The API key the client sends, read at each request; default the simulator's. */
  readonly key?: () => string | undefined;
  /** Default: a 60 s job timeout and a 50 MB download cap. */
  readonly settings?: () => JobSettings;
}

export interface ManagerHarness {
  readonly manager: JobManager;
  readonly store: JobStore;
  readonly storage: MemoryStorage;
  readonly clock: FakeClock;
  /** The workspace folder; videos go to `<folder>/videos` unless the job says otherwise. */
  readonly folder: string;
  /** Runs time (fake, and real for sockets) until job `id` satisfies `done`; resolves with it. */
  until(id: string, done: (job: Job) => boolean, options?: RunUntilOptions): Promise<Job>;
  /** Whether real I/O is under way: an API request on the wire, or a video being saved. */
  busy(): boolean;
}

export const DEFAULT_SETTINGS: JobSettings = { jobTimeoutMs: 60_000, maxDownloadBytes: 50 * 1024 * 1024 };

export function makeManager(sim: SimulatorHandle, setup: ManagerSetup = {}): ManagerHarness {
  const clock = sim.clock;
  const storage = setup.storage ?? new MemoryStorage();
  const folder = setup.folder ?? makeWorkspace('veo-jobs');
  const key = setup.key ?? (() => SIM_KEY);
  const client = new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: async () => key(), timeoutMs: 5000, now: () => clock.now() });
  let inFlight = 0;
  // Counts what is on the wire: runUntil holds fake time still while a request is out.
  const counted = <T>(call: Promise<T>): Promise<T> => {
    inFlight++;
    return call.finally(() => inFlight--);
  };
  const store = new JobStore(storage, clock);
  // A save takes real time (socket, disk) and must not watch fake time race past it; a
  // save waiting out its retry delay is waiting for fake time, and says so in its notice.
  const busy = (): boolean => inFlight > 0 || store.all().some((j) => j.status === 'downloading' && !/trying again/.test(j.notice ?? ''));
  const manager = new JobManager({
    store,
    client: {
      createGeneration: (body, options) => counted(client.createGeneration(body, options)),
      getGeneration: (id, options) => counted(client.getGeneration(id, options)),
      getLogs: (query, options) => counted(client.getLogs(query, options)),
    },
    timing: new TimingModel(),
    media: { roots: () => [folder] },
    outputFolder: setup.outputFolder ?? ((job) => path.join(job.workspaceFolder ?? folder, job.request.outputFolder ?? 'videos')),
    settings: setup.settings ?? (() => DEFAULT_SETTINGS),
    clock,
    poller: { random: () => 0.5, ...setup.poller },
    ...(setup.log ? { log: setup.log } : {}),
    ...(setup.maxConcurrentDownloads ? { maxConcurrentDownloads: setup.maxConcurrentDownloads } : {}),
  });
  sim.afterTest(() => {
    manager.dispose();
    store.dispose();
    if (!setup.folder) fs.rmSync(folder, { recursive: true, force: true });
  });
  return {
    manager,
    store,
    storage,
    clock,
    folder,
    busy,
    until: (id, done, options) =>
      clock.runUntil(
        () => `job ${id} to get there; it is ${JSON.stringify(store.get(id))}`,
        () => {
          const job = store.get(id);
          return job && done(job) ? job : undefined;
        },
        { busy, ...options },
      ),
  };
}
