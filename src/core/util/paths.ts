// Whether a path lies inside a folder: the one test behind "stay in the workspace".
import * as path from 'node:path';

/** True for the folder itself and anything below it; `..notes.png` inside it counts as inside. */
export function isInside(child: string, folder: string): boolean {
  const rel = path.relative(folder, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
