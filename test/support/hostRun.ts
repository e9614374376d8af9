// What an in-host test run needs, whichever VS Code runs the suites (code-server in
// hostDriver.ts, @vscode/test-electron in host/runElectron.ts): the simulator, a seeded
// workspace, a results file, the settings that point the extension at the simulator, and
// the environment test/host/support.ts reads.
import * as path from 'node:path';
import { startSimulator, type VeoSimulator } from '../simulator/simulator';
import { tempDir } from './paths';
import { makeWorkspace } from './workspace';

/** The key the simulator accepts in every in-host run. */
export const SIM_KEY = 'sim-test-key';

export interface HostRun {
  readonly sim: VeoSimulator;
  readonly workspace: string;
  /** Where test/host/index.ts writes the outcome. */
  readonly resultsFile: string;
  /** User settings for the window. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Environment of the extension host. */
  readonly env: Readonly<Record<string, string>>;
}

/** Starts the simulator and seeds a workspace; the caller closes `sim`. `label` names the temp folders. */
export async function prepareHostRun(label: string): Promise<HostRun> {
  const sim = await startSimulator({ apiKeys: [SIM_KEY], timing: () => ({ queueMs: 300, generateMs: 1500 }) });
  const workspace = makeWorkspace(`${label}-ws`);
  const resultsFile = path.join(tempDir(`${label}-results`), 'results.json');
  const grep = process.env['VEO_TEST_GREP'];
  return {
    sim,
    workspace,
    resultsFile,
    settings: { 'veoStudio.apiBaseUrl': sim.apiUrl },
    env: {
      VEO_TEST_RESULTS: resultsFile,
      VEO_SIM_API_URL: sim.apiUrl,
      VEO_SIM_CDN_URL: sim.cdnUrl,
      VEO_SIM_KEY: SIM_KEY,
      VEO_TEST_WORKSPACE: workspace,
      ...(grep ? { VEO_TEST_GREP: grep } : {}),
    },
  };
}
