// Where shot-list runs are kept between windows: the workspace's storage (beside the
// JobStore, whose jobs the entries name), one record per shot-list file. Every write is
// awaited by the run before it goes on, so what is about to be sent is on disk before it
// is sent — like the JobStore's jobs before their POST. Writes reach storage in order.
import type { KeyValueStorage } from '../util/storage';
import { mayClaim, withEntry, type RecordEntry, type RunOwner, type RunRecord } from './runRecord';

export const RUNS_KEY = 'veoStudio.shotListRuns';

export class RunRecords {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  /** Every record, as stored. */
  all(): readonly RunRecord[] {
    const saved = this.storage.get<Record<string, RunRecord>>(RUNS_KEY) ?? {};
    return Object.values(saved).filter((r) => r && typeof r.file === 'string' && Array.isArray(r.entries) && r.owner);
  }

  get(file: string): RunRecord | undefined {
    return this.all().find((r) => r.file === file);
  }

  /** Stores the record (replacing any earlier run of the same file); resolves once written. */
  put(record: RunRecord): Promise<void> {
    return this.change((runs) => ({ ...runs, [record.file]: record }));
  }

  /** Changes one entry of the file's run, when its run is still the one `owner` holds. */
  async entry(file: string, token: string, position: number, change: Partial<Omit<RecordEntry, 'index' | 'take' | 'fingerprint'>>): Promise<void> {
    await this.change((runs) => {
      const record = runs[file];
      if (!record || record.owner.token !== token) return runs;
      return { ...runs, [file]: withEntry(record, position, change) };
    });
  }

  /**
   * Takes the file's run for `owner` when no live window holds it (`alive`); the record as
   * claimed, or undefined when another window carries it on (or there is none). The check
   * and the write are one step in the write queue, so two claims in a window never both win.
   */
  async claim(file: string, owner: RunOwner, alive: (owner: RunOwner) => boolean): Promise<RunRecord | undefined> {
    let claimed: RunRecord | undefined;
    await this.change((runs) => {
      const record = runs[file];
      if (!record || !mayClaim(record, alive)) return runs;
      claimed = { ...record, owner };
      return { ...runs, [file]: claimed };
    });
    return claimed;
  }

  /** Forgets the file's run (when `token` is given, only if that run still holds it). */
  delete(file: string, token?: string): Promise<void> {
    return this.change((runs) => {
      const record = runs[file];
      if (!record || (token !== undefined && record.owner.token !== token)) return runs;
      const { [file]: _gone, ...rest } = runs;
      return rest;
    });
  }

  private change(edit: (runs: Readonly<Record<string, RunRecord>>) => Readonly<Record<string, RunRecord>>): Promise<void> {
    this.writing = this.writing
      .then(() => {
        const before = this.storage.get<Record<string, RunRecord>>(RUNS_KEY) ?? {};
        const after = edit(before);
        if (after === before) return;
        return this.storage.update(RUNS_KEY, Object.keys(after).length ? after : undefined);
      })
      .catch((error: unknown) => this.log(`could not save the shot-list runs: ${error instanceof Error ? error.message : String(error)}`));
    return this.writing;
  }
}
