// Takes of a shot, and what state the shot is in. A shot may ask for several takes (each
// its own job, saved as `<output>.take-N.mp4`); the person chooses one, and until they do —
// or when only one was saved — the newest saved take counts as chosen. Takes made from what
// the shot says now come first: after a changed shot was generated again, its new takes
// count (the newest, until the person chooses among them), not the old choice. A shot is:
//   generating     a take of it is being made now
//   not generated  no take of it was saved
//   stale          its prompt, model, images or options differ from the chosen take's
//   saved          the chosen take is what the shot says
// Running a list sends only the shots that are not generated or stale. Pure: the VS Code
// side (src/platform/shotTakes.ts) gathers the takes from the jobs and the sidecars on disk.
import { MEDIA_KINDS, refsOf } from '../catalog/media';
import type { JobRequest } from '../jobs/job';
import { describeRef, type Sidecar } from '../jobs/sidecar';
import type { PlannedShot } from './validate';

export type ShotState = 'notGenerated' | 'generating' | 'saved' | 'stale';

/** What a video was made from, as a sidecar writes it: sources as workspace paths or URLs. */
export interface Recipe {
  readonly model: string;
  readonly prompt: string;
  readonly sources: Readonly<Record<string, string | readonly string[]>>;
  readonly options: Readonly<Record<string, unknown>>;
}

/** The parts of a recipe a shot can change: what makes it stale. */
export type RecipePart = 'prompt' | 'model' | 'images' | 'options';

export interface TakeRecord {
  /** 0-based position of the shot in the list. */
  readonly index: number;
  /** The take's number (1 for a shot's single, unnumbered take). */
  readonly take: number;
  readonly status: 'generating' | 'saved' | 'failed';
  /** The saved video (absolute path). */
  readonly video?: string;
  readonly sidecar?: string;
  readonly jobId?: string;
  readonly createdAt: number;
  readonly recipe?: Recipe;
}

export interface ShotStatus {
  readonly index: number;
  readonly state: ShotState;
  /** Every take of the shot, by take number (a retry of one after it). */
  readonly takes: readonly TakeRecord[];
  /** The take that counts: the chosen one, else the newest saved. */
  readonly chosen?: TakeRecord;
  /** Whether the person chose it (false: it counts because it is the newest saved). */
  readonly chosenByPerson: boolean;
  /** For a stale shot: what differs from the chosen take. */
  readonly differs: readonly RecipePart[];
}

/** A request's recipe, its files relative to `base` (the workspace folder), as in its sidecar. */
export function recipeOfRequest(request: Pick<JobRequest, 'model' | 'prompt' | 'media' | 'options'>, base: string | undefined): Recipe {
  const sources: Record<string, string | readonly string[]> = {};
  for (const kind of MEDIA_KINDS) {
    const refs = refsOf(request.media, kind.field);
    if (!refs.length) continue;
    const described = refs.map((r) => describeRef(r, base));
    sources[kind.field] = kind.list ? described : described[0]!;
  }
  return { model: request.model, prompt: request.prompt.trim(), sources, options: request.options };
}

export function recipeOfSidecar(sidecar: Pick<Sidecar, 'model' | 'prompt' | 'sources' | 'parameters'>): Recipe {
  return { model: sidecar.model, prompt: sidecar.prompt.trim(), sources: sidecar.sources ?? {}, options: sidecar.parameters ?? {} };
}

/** JSON with sorted keys: two objects with the same entries in another order are the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What differs between a shot's recipe now and a take's. */
export function differences(shot: Recipe, take: Recipe): RecipePart[] {
  const parts: RecipePart[] = [];
  if (shot.prompt !== take.prompt) parts.push('prompt');
  if (shot.model !== take.model) parts.push('model');
  if (canonical(shot.sources) !== canonical(take.sources)) parts.push('images');
  if (canonical(shot.options) !== canonical(take.options)) parts.push('options');
  return parts;
}

/** The take that counts among a shot's takes: the chosen number when it was saved, else the newest saved. */
export function chosenTakeOf<T extends Pick<TakeRecord, 'take' | 'status' | 'createdAt'>>(takes: readonly T[], chosenTake: number | undefined): { take?: T; byPerson: boolean } {
  // Newest first; takes sent in the same moment by their number.
  const saved = takes.filter((t) => t.status === 'saved').sort((a, b) => b.createdAt - a.createdAt || b.take - a.take);
  const picked = chosenTake === undefined ? undefined : saved.find((t) => t.take === chosenTake);
  if (picked) return { take: picked, byPerson: true };
  const newest = saved[0];
  return newest ? { take: newest, byPerson: false } : { byPerson: false };
}

/**
 * The state of one shot. `planned` is the shot as the file says it now (undefined when it
 * has errors: then it cannot be stale, only what its takes say); `base` is the workspace
 * folder its paths are written against.
 */
export function shotStatus(index: number, planned: PlannedShot | undefined, takes: readonly TakeRecord[], chosenTake: number | undefined, base: string | undefined): ShotStatus {
  const own = takes.filter((t) => t.index === index).sort((a, b) => a.take - b.take || a.createdAt - b.createdAt);
  const current = planned ? recipeOfRequest(planned.request, base) : undefined;
  const matching = current ? own.filter((t) => t.status === 'saved' && t.recipe && differences(current, t.recipe).length === 0) : [];
  const { take: chosen, byPerson } = chosenTakeOf(matching.length ? matching : own, chosenTake);
  const generating = own.some((t) => t.status === 'generating');
  const differs = chosen?.recipe && current ? differences(current, chosen.recipe) : [];
  const state: ShotState = generating ? 'generating' : !chosen ? 'notGenerated' : differs.length ? 'stale' : 'saved';
  return { index, state, takes: own, ...(chosen ? { chosen } : {}), chosenByPerson: byPerson, differs: state === 'stale' ? differs : [] };
}

/** Whether a run sends this shot: not generated, or stale (a shot being made is left to finish). */
export function needsSending(status: Pick<ShotStatus, 'state'>): boolean {
  return status.state === 'notGenerated' || status.state === 'stale';
}

/**
 * The take numbers a run gives a shot's `count` new takes: none for the first single take
 * (it is saved as `<output>.mp4`, as always), else the numbers after the highest one so far,
 * so a new take never takes an old one's name.
 */
export function newTakeNumbers(count: number, existing: readonly Pick<TakeRecord, 'take'>[]): Array<number | undefined> {
  if (count <= 1 && existing.length === 0) return [undefined];
  const highest = existing.reduce((max, t) => Math.max(max, t.take), 0);
  return Array.from({ length: Math.max(1, count) }, (_, i) => highest + 1 + i);
}

/** One job a run sends: a take of a shot (no number for a shot's first single take). */
export interface RunEntry {
  readonly shot: PlannedShot;
  readonly take?: number;
}

/**
 * What a run sends: every take of the shots that need it — or of the shots `only` names
 * (0-based), whatever their state ("Generate This Shot") — and the planned shots it leaves.
 */
export function runEntries(shots: readonly PlannedShot[], statuses: readonly ShotStatus[], only?: ReadonlySet<number>): { entries: RunEntry[]; skipped: PlannedShot[] } {
  const entries: RunEntry[] = [];
  const skipped: PlannedShot[] = [];
  for (const shot of shots) {
    const status = statuses[shot.index];
    const send = only ? only.has(shot.index) : !status || needsSending(status);
    if (!send) {
      skipped.push(shot);
      continue;
    }
    for (const take of newTakeNumbers(shot.takes, status?.takes ?? [])) entries.push({ shot, ...(take !== undefined ? { take } : {}) });
  }
  return { entries, skipped };
}
