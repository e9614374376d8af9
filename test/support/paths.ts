// Where things are, for test code that runs bundled from out/test/**.
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'esbuild.js'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no project root above ${from}`);
    dir = up;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
/** Screenshots, logs and results of test runs (git-ignored). */
export const TEST_OUTPUT = path.join(PROJECT_ROOT, '.test-output');
export const SCREENSHOTS = path.join(TEST_OUTPUT, 'screenshots');
export const CODE_SERVER_ENTRY = path.join(PROJECT_ROOT, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const VSIX = path.join(PROJECT_ROOT, 'out', 'veo-studio.vsix');

/** A fresh temporary folder under the test output, removed by the caller or left for post-mortems. */
export function tempDir(prefix: string): string {
  fs.mkdirSync(path.join(TEST_OUTPUT, 'tmp'), { recursive: true });
  return fs.mkdtempSync(path.join(TEST_OUTPUT, 'tmp', `${prefix}-`));
}
