// Posters: a small PNG of a video's first frame, made once (by a webview that decodes the
// video) and kept in a cache folder of the extension's own — never in the person's output
// folder, which is theirs and under version control. An index beside them says which video
// each belongs to, so the Jobs view can find a poster without touching the disk; a video
// replaced by another of a different size gets a new one.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

interface Entry {
  readonly poster: string;
  /** The video's size when the poster was made. */
  readonly bytes: number;
}

const INDEX = 'index.json';
/** Posters kept at most; the oldest entries go first (their files with them). */
const MAX_POSTERS = 2000;

export class PosterFiles {
  private readonly entries = new Map<string, Entry>();
  private loaded: Promise<void> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly folder: string) {}

  /** Reads the index (once); a missing or broken one is an empty cache. */
  load(): Promise<void> {
    return (this.loaded ??= fsp
      .readFile(path.join(this.folder, INDEX), 'utf8')
      .then((text) => {
        const value = JSON.parse(text) as unknown;
        if (typeof value !== 'object' || value === null) return;
        for (const [video, entry] of Object.entries(value as Record<string, Partial<Entry>>)) {
          if (typeof entry?.poster === 'string' && typeof entry.bytes === 'number' && !entry.poster.includes('/') && !entry.poster.includes('\\')) {
            this.entries.set(video, { poster: entry.poster, bytes: entry.bytes });
          }
        }
      })
      .catch(() => undefined));
  }

  /** The poster of a video (its absolute path), if one was made for it at this size. */
  get(video: string, bytes?: number): string | undefined {
    const entry = this.entries.get(video);
    if (!entry || (bytes !== undefined && entry.bytes !== bytes)) return undefined;
    return path.join(this.folder, entry.poster);
  }

  /** Keeps a poster for a video (replacing an older one of it); returns its path. */
  async put(video: string, bytes: number, png: Uint8Array): Promise<string> {
    await this.load();
    await fsp.mkdir(this.folder, { recursive: true });
    const name = `${createHash('sha1').update(video).digest('hex').slice(0, 20)}-${bytes}.png`;
    const file = path.join(this.folder, name);
    const temp = path.join(this.folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    await fsp.writeFile(temp, png);
    await fsp.rename(temp, file);
    const previous = this.entries.get(video);
    this.entries.delete(video);
    this.entries.set(video, { poster: name, bytes });
    if (previous && previous.poster !== name) await fsp.rm(path.join(this.folder, previous.poster), { force: true }).catch(() => undefined);
    await this.prune();
    await this.save();
    return file;
  }

  private async prune(): Promise<void> {
    while (this.entries.size > MAX_POSTERS) {
      const [video, entry] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(video);
      await fsp.rm(path.join(this.folder, entry.poster), { force: true }).catch(() => undefined);
    }
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(Object.fromEntries(this.entries), null, 1);
    this.saving = this.saving
      .catch(() => undefined)
      .then(async () => {
        const temp = path.join(this.folder, `.${INDEX}.${randomBytes(6).toString('hex')}.tmp`);
        await fsp.writeFile(temp, snapshot);
        await fsp.rename(temp, path.join(this.folder, INDEX));
      });
    return this.saving;
  }
}
