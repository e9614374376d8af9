// The Veo API simulator for a mocha suite: started once in `before`, closed in `after`,
// reset before every test, with a fresh fake clock per test that the simulator's jobs
// run on. The handle stands in for the simulator itself (sim.apiUrl, sim.fault(…), …).
import { DEFAULT_API_KEY, startSimulator, type SimulatorOptions, type VeoSimulator } from '../simulator/simulator';
import { FAKE_EPOCH, FakeClock } from './fakeClock';

/** The key the simulator accepts unless a suite says otherwise. */
export const SIM_KEY = DEFAULT_API_KEY;

export interface SimulatorHandle extends VeoSimulator {
  /** This test's clock: the simulator's jobs move through their phases on it. */
  readonly clock: FakeClock;
  /** Runs `cleanup` after the current test (helpers that create managers or folders use it). */
  afterTest(cleanup: () => void | Promise<void>): void;
}

export interface UseSimulatorOptions extends Omit<SimulatorOptions, 'clock'> {
  /** Where each test's fake clock starts (default FAKE_EPOCH). */
  readonly clockStart?: number;
}

export function useSimulator(options: UseSimulatorOptions = {}): SimulatorHandle {
  const { clockStart = FAKE_EPOCH, ...simOptions } = options;
  let sim: VeoSimulator | undefined;
  let clock = new FakeClock(clockStart);
  const cleanups: Array<() => void | Promise<void>> = [];

  before(async () => {
    sim = await startSimulator({ ...simOptions, clock: { now: () => clock.now() } });
  });
  after(async () => {
    await sim?.close();
    sim = undefined;
  });
  beforeEach(() => {
    clock = new FakeClock(clockStart);
    running().reset();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function running(): VeoSimulator {
    if (!sim) throw new Error('useSimulator: the simulator runs only inside the suite’s tests and hooks');
    return sim;
  }

  return {
    get apiUrl() {
      return running().apiUrl;
    },
    get cdnUrl() {
      return running().cdnUrl;
    },
    get requests() {
      return running().requests;
    },
    posts: () => running().posts(),
    cdnAuthorizationSeen: () => running().cdnAuthorizationSeen(),
    cdnPeakConcurrency: () => running().cdnPeakConcurrency(),
    nextJob: (s) => running().nextJob(s),
    fault: (f) => running().fault(f),
    clearFaults: () => running().clearFaults(),
    setPricing: (model, pricing) => running().setPricing(model, pricing),
    setLogsDelayMs: (ms) => running().setLogsDelayMs(ms),
    jobs: () => running().jobs(),
    reset: () => running().reset(),
    close: () => running().close(),
    get clock() {
      return clock;
    },
    afterTest: (cleanup) => cleanups.push(cleanup),
  };
}
