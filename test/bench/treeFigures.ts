// `npm run bench -- --only tree`: the Jobs tree's cost needs VS Code's own TreeItem, so it is
// measured by a host test in a real extension host (test/host/jobsTreeCost.host.test.ts),
// which writes its figures to .test-output/figures/jobs-tree.txt; this runs it and prints them.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_OUTPUT } from '../support/paths';

export async function printTreeFigures(): Promise<string> {
  const figures = path.join(TEST_OUTPUT, 'figures', 'jobs-tree.txt');
  fs.rmSync(figures, { force: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'runAll.js'), 'host'], {
      env: { ...process.env, VEO_TEST_GREP: 'the Jobs tree at 1,000 jobs' },
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the tree's host test failed (${code})`))));
  });
  return fs.readFileSync(figures, 'utf8').trim();
}
