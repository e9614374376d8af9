// The tests entry the extension host calls (`extensionTestsPath`): under code-server here,
// under @vscode/test-electron on a desktop. Runs every *.host.test.js beside it with mocha
// and, when VEO_TEST_RESULTS names a file, writes the outcome there for the driver.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

export interface HostTestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed';
  readonly error?: string;
  readonly ms?: number;
}

export function run(): Promise<void> {
  // mocha reads its own files at run time, so it is loaded from node_modules, not bundled.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env['VEO_TEST_GREP'];
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.host.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  const results: HostTestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const out = process.env['VEO_TEST_RESULTS'];
      if (out) fs.writeFileSync(out, JSON.stringify({ results }, null, 2));
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', ms: test.duration }));
    runner.on('fail', (test, err: Error) =>
      results.push({ title: test.fullTitle(), state: 'failed', error: `${err.message}\n${err.stack ?? ''}`.slice(0, 4000) }),
    );
  });
}
