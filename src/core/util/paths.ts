// Whether a path lies inside a folder: the one test behind "stay in the workspace" — by
// name (isInside), and where a write would really land once symbolic links are followed
// (realTarget, confinedTarget).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** True for the folder itself and anything below it; `..notes.png` inside it counts as inside. */
export function isInside(child: string, folder: string): boolean {
  const rel = path.relative(folder, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Links followed before a path is given up as a loop (Linux stops at 40). */
const MAX_LINKS = 40;

/**
 * Where a file written at `target` would really land: the real path of its deepest part
 * that exists (every symbolic link on the way followed, a dangling one too), with the
 * parts that do not exist yet after it. `videos/take.mp4`, where `videos` links to
 * /tmp/elsewhere, is /tmp/elsewhere/take.mp4.
 */
export function realTarget(target: string): string {
  let at = path.resolve(target);
  let missing: string[] = [];
  for (let links = 0; ; ) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(at);
    } catch {
      stat = undefined;
    }
    if (stat) {
      try {
        return path.join(fs.realpathSync.native(at), ...missing);
      } catch (error) {
        // A link to nothing (yet): a write through it would create its target. Follow it by hand.
        if (!stat.isSymbolicLink() || ++links > MAX_LINKS) throw error;
        at = path.resolve(path.dirname(at), fs.readlinkSync(at));
        continue;
      }
    }
    const parent = path.dirname(at);
    if (parent === at) return path.join(at, ...missing);
    missing = [path.basename(at), ...missing];
    at = parent;
  }
}

/** A write target that a symbolic link (or `..`) takes out of the folder it must stay in. */
export class OutsideFolderError extends Error {
  override readonly name = 'OutsideFolderError';
  constructor(
    readonly target: string,
    readonly folder: string,
    /** Where a write would really land. */
    readonly real: string,
  ) {
    super(`${target} leads outside ${folder} (to ${real}); Veo Studio writes only inside the workspace.`);
  }
}

/**
 * The one rule for every file Veo Studio writes (videos, sidecars, temp files, frames,
 * shot lists): `target` must lie inside `folder` once links are followed, on both sides (a
 * workspace folder opened through a link is fine). Returns `target` as given; throws
 * OutsideFolderError when a link leads out. Check right before writing: a link may appear
 * at any time.
 */
export function confinedTarget(target: string, folder: string): string {
  const resolved = path.resolve(target);
  const real = realTarget(resolved);
  if (!isInside(resolved, path.resolve(folder)) || !isInside(real, realTarget(folder))) throw new OutsideFolderError(resolved, folder, real);
  return resolved;
}
