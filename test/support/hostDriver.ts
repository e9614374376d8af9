// Runs the in-host suites (test/host/*.host.test.ts) inside a real VS Code extension host:
// code-server loads the extension from its development path and calls the tests entry's
// `run()`, taking both paths from the page URL's `payload`; the workbench reports the
// outcome through window.codeAutomationExit, which Playwright exposes to the page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostTestResult } from '../host/index';
import { launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { prepareHostRun } from './hostRun';
import type { LayerResult } from './layer';
import { PROJECT_ROOT, TEST_OUTPUT } from './paths';
import { workbenchUrl } from './workbench';

export async function runHostSuites(timeoutMs = 20 * 60_000): Promise<LayerResult> {
  const { sim, workspace, resultsFile, settings, env } = await prepareHostRun('host');
  const server = await startCodeServer({ workspace, settings, env }).catch(async (error: unknown) => {
    await sim.close();
    throw error;
  });
  const started = Date.now();
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await server.stop();
    await sim.close();
    throw error;
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const exit = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    await page.goto(
      workbenchUrl(server.url, workspace, [
        ['extensionDevelopmentPath', remote(PROJECT_ROOT)],
        ['extensionTestsPath', remote(path.join(PROJECT_ROOT, 'out', 'test', 'host', 'index.js'))],
      ]),
    );
    const code = await Promise.race([
      exit,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`in-host tests did not finish in ${timeoutMs / 60000} min`)), timeoutMs).unref()),
    ]);
    if (!fs.existsSync(resultsFile)) {
      return {
        name: 'host',
        passed: 0,
        failed: 1,
        failures: [{ title: 'in-host test run', error: `the extension host exited with ${code} before writing results; see ${server.logFile}` }],
      };
    }
    const { results } = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { results: HostTestResult[] };
    for (const r of results) console.log(`  ${r.state === 'passed' ? '✔' : '✘'} ${r.title}${r.ms !== undefined ? ` (${r.ms} ms)` : ''}`);
    const failures = results.filter((r) => r.state === 'failed').map((r) => ({ title: r.title, error: r.error ?? '' }));
    console.log(`  in-host: ${results.length} tests in ${((Date.now() - started) / 1000).toFixed(1)} s (code ${code})`);
    return { name: 'host', passed: results.length - failures.length, failed: failures.length, failures };
  } finally {
    await browser.close().catch(() => undefined);
    fs.copyFileSync(server.logFile, path.join(TEST_OUTPUT, 'host-code-server.log'));
    await server.stop();
    await sim.close();
  }
}
