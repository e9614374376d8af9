// The in-host suites under @vscode/test-electron, for a machine that can download VS Code
// (this one cannot: there, runAll runs the same suites inside code-server). Same
// simulator, same workspace, same environment and results file as the code-server driver
// (test/support/hostRun.ts).
//   npm run test:host:electron
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { prepareHostRun } from '../support/hostRun';
import { PROJECT_ROOT, tempDir } from '../support/paths';

async function main(): Promise<void> {
  const { sim, workspace, settings, env } = await prepareHostRun('electron');
  const userData = tempDir('electron-user');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...settings, 'workbench.startupEditor': 'none' }));
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: PROJECT_ROOT,
      extensionTestsPath: path.join(PROJECT_ROOT, 'out', 'test', 'host', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', userData, '--disable-workspace-trust'],
      extensionTestsEnv: env,
    });
  } finally {
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
