// The in-host suites under @vscode/test-electron, for a machine that can download VS Code
// (this one cannot: there, runAll runs the same suites inside code-server). Same
// simulator, same workspace, same results file as the code-server driver.
//   npm run test:host:electron
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startSimulator } from '../simulator/simulator';
import { SIM_KEY } from '../support/hostDriver';
import { PROJECT_ROOT, tempDir } from '../support/paths';
import { makeWorkspace } from '../support/workspace';

async function main(): Promise<void> {
  const sim = await startSimulator({ apiKeys: [SIM_KEY], timing: () => ({ queueMs: 300, generateMs: 1500 }) });
  const workspace = makeWorkspace('electron-ws');
  const userData = tempDir('electron-user');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'veoStudio.apiBaseUrl': sim.apiUrl, 'workbench.startupEditor': 'none' }));
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: PROJECT_ROOT,
      extensionTestsPath: path.join(PROJECT_ROOT, 'out', 'test', 'host', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', userData, '--disable-workspace-trust'],
      extensionTestsEnv: {
        VEO_SIM_API_URL: sim.apiUrl,
        VEO_SIM_CDN_URL: sim.cdnUrl,
        VEO_SIM_KEY: SIM_KEY,
        VEO_TEST_WORKSPACE: workspace,
        VEO_TEST_RESULTS: path.join(tempDir('electron-results'), 'results.json'),
      },
    });
  } finally {
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
