// One layer of the test run (unit, host, ui) and how its outcome is counted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

export interface LayerResult {
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  readonly failures: ReadonlyArray<{ readonly title: string; readonly error: string }>;
}

/** Every file under `dir` whose name ends with `suffix`, sorted. */
export function filesEndingWith(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Runs mocha in this process on the given files and counts passes and failures. */
export function runMocha(name: string, files: readonly string[], timeoutMs: number): Promise<LayerResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', timeout: timeoutMs, reporter: 'spec', color: process.stdout.isTTY });
  const grep = process.env['VEO_TEST_GREP'];
  if (grep) mocha.grep(grep);
  for (const file of files) mocha.addFile(file);
  const failures: Array<{ title: string; error: string }> = [];
  let passed = 0;
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ name, passed, failed: failures.length, failures }));
    runner.on('pass', () => passed++);
    runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: err.stack ?? err.message }));
  });
}
