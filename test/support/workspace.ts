// A throw-away workspace folder with the test images a person would have in a project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, tempDir } from './paths';

export function makeWorkspace(prefix: string): string {
  const dir = tempDir(prefix);
  const images = path.join(dir, 'images');
  fs.mkdirSync(images, { recursive: true });
  for (const file of fs.readdirSync(FIXTURES)) {
    if (/\.(png|jpe?g|webp)$/i.test(file)) fs.copyFileSync(path.join(FIXTURES, file), path.join(images, file));
  }
  fs.writeFileSync(path.join(dir, 'README.md'), '# A video project\n\nPrompts and images for Veo Studio.\n');
  return dir;
}
