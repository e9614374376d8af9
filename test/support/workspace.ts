// A workspace folder with the test images a person would have in a project: throw-away
// ones for the tests, and the sandbox's, which is seeded the same way but kept.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, tempDir } from './paths';

const TEST_README = '# A video project\n\nPrompts and images for Veo Studio.\n';

/**
 * Puts the fixture images under `dir/images` and writes `dir/README.md`, leaving any of
 * them that are already there as they are (a sandbox keeps what its user changed).
 */
export function seedWorkspace(dir: string, readme: string): void {
  const images = path.join(dir, 'images');
  fs.mkdirSync(images, { recursive: true });
  for (const file of fs.readdirSync(FIXTURES)) {
    const target = path.join(images, file);
    if (/\.(png|jpe?g|webp)$/i.test(file) && !fs.existsSync(target)) fs.copyFileSync(path.join(FIXTURES, file), target);
  }
  const readmeFile = path.join(dir, 'README.md');
  if (!fs.existsSync(readmeFile)) fs.writeFileSync(readmeFile, readme);
}

/** A fresh, seeded workspace under the test output. */
export function makeWorkspace(prefix: string): string {
  const dir = tempDir(prefix);
  seedWorkspace(dir, TEST_README);
  return dir;
}
