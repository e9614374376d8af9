// Which rows the Jobs view shows, and in which order — decided here, without VS Code, so the
// rules are unit-tested (test/unit/jobRows.unit.test.ts) and jobsTree.ts only draws rows:
//
// - newest first at the top level;
// - a job that extends another sits under it, the chain oldest first (the order it was made in);
// - a shot list's jobs sit under one row for the list, placed where its newest job would be,
//   in shot order (a retry after its first try), with the shots that still wait for a slot;
// - the takes of a shot that asked for several sit under one row for the shot, by take;
// - a continuation (from a frame) sits under its source, like an extension;
// - a job whose source is gone from the list stands on its own.
//
// Rows are keyed by strings (VS Code keys tree elements by identity, so strings keep rows
// stable across refreshes): a job's id, or a prefixed key for a shot list and a waiting shot.
//
// No `vscode` import here: the unit tests load this module under plain Node.
import type { Job } from '../core/jobs/job';

/** A shot of a list being sent that waits for a free slot: not a job yet. */
export interface WaitingShot {
  /** 0-based position in the file. */
  readonly index: number;
  readonly prompt: string;
  /** The take it will be, for a shot of several takes. */
  readonly take?: number;
}

export type JobRow =
  | { readonly kind: 'job'; readonly key: string; readonly job: Job }
  /** `jobs`: the list's own jobs (not their extensions), in shot order. */
  | { readonly kind: 'shotList'; readonly key: string; readonly file: string; readonly jobs: readonly Job[] }
  /** A shot of several takes: `jobs` are its takes (and their retries), by take. */
  | { readonly kind: 'shot'; readonly key: string; readonly file: string; readonly index: number; readonly jobs: readonly Job[] }
  | { readonly kind: 'waiting'; readonly key: string; readonly file: string; readonly shot: WaitingShot };

export interface JobRowTree {
  /** The top-level rows, in order. */
  readonly top: readonly JobRow[];
  row(key: string): JobRow | undefined;
  /** The rows under a row, in order (none for an unknown key). */
  children(key: string): readonly JobRow[];
  /** The row a row sits under; undefined at the top level. */
  parent(key: string): JobRow | undefined;
}

const SHOT_LIST = 'veoShotList:';
const SHOT = 'veoShot:';
const WAITING_SHOT = 'veoShotWaiting:';

export const shotListKey = (file: string): string => `${SHOT_LIST}${file}`;
export const shotKey = (file: string, index: number): string => `${SHOT}${index}:${file}`;
const waitingKey = (file: string, shot: WaitingShot) => `${WAITING_SHOT}${shot.index}${shot.take !== undefined ? `.${shot.take}` : ''}:${file}`;

/** The shot list a tree element stands for (commands run on its row get the element). */
export function shotListOfKey(key: unknown): string | undefined {
  return typeof key === 'string' && key.startsWith(SHOT_LIST) ? key.slice(SHOT_LIST.length) : undefined;
}

/**
 * Lays out the rows for `jobs` (newest first, as JobStore.all() gives them); `waiting` tells
 * which shots of a list being sent still wait for a slot.
 */
export function jobRows(jobs: readonly Job[], waiting: (file: string) => readonly WaitingShot[] | undefined = () => undefined): JobRowTree {
  const newestFirst = [...jobs].sort((a, b) => b.createdAt - a.createdAt);
  const byId = new Map(newestFirst.map((j) => [j.id, j]));
  const rows = new Map<string, JobRow>();
  const top: JobRow[] = [];
  const children = new Map<string, JobRow[]>();
  const parents = new Map<string, string>();
  /** Adds a row at the end of its parent's rows, or of the top level. */
  const add = (row: JobRow, parent?: string) => {
    rows.set(row.key, row);
    if (parent === undefined) {
      top.push(row);
      return;
    }
    parents.set(row.key, parent);
    const siblings = children.get(parent);
    if (siblings) siblings.push(row);
    else children.set(parent, [row]);
  };

  // Every extension under its source, oldest first.
  for (const job of [...newestFirst].reverse()) {
    if (job.parentId && byId.has(job.parentId)) add({ kind: 'job', key: job.id, job }, job.parentId);
  }

  // Jobs not under another job: on their own, or in their shot list's row.
  const lists = new Map<string, Job[]>();
  for (const job of newestFirst) {
    if (job.parentId && byId.has(job.parentId)) continue;
    const file = job.shotList?.file;
    if (file === undefined) {
      add({ kind: 'job', key: job.id, job });
      continue;
    }
    let list = lists.get(file);
    if (!list) {
      // One row for the list, where its newest job is; its jobs are put in order below.
      list = [];
      lists.set(file, list);
      add({ kind: 'shotList', key: shotListKey(file), file, jobs: list });
    }
    list.push(job);
  }

  for (const [file, list] of lists) {
    list.sort((a, b) => a.shotList!.index - b.shotList!.index || (a.shotList!.take ?? 0) - (b.shotList!.take ?? 0) || a.createdAt - b.createdAt);
    // Shots with numbered takes get a row of their own; the others' jobs sit under the list.
    const withTakes = new Set(list.filter((j) => j.shotList!.take !== undefined).map((j) => j.shotList!.index));
    const waitingHere = waiting(file) ?? [];
    for (const shot of waitingHere) if (shot.take !== undefined) withTakes.add(shot.index);
    const under: Array<{ index: number; row: JobRow }> = [];
    const shotRows = new Map<number, { jobs: Job[]; waiting: WaitingShot[] }>();
    for (const index of withTakes) {
      const jobs = list.filter((j) => j.shotList!.index === index);
      shotRows.set(index, { jobs, waiting: [] });
      under.push({ index, row: { kind: 'shot', key: shotKey(file, index), file, index, jobs } });
    }
    for (const job of list) if (!withTakes.has(job.shotList!.index)) under.push({ index: job.shotList!.index, row: { kind: 'job', key: job.id, job } });
    for (const shot of waitingHere) {
      const row: JobRow = { kind: 'waiting', key: waitingKey(file, shot), file, shot };
      const ofShot = shotRows.get(shot.index);
      if (ofShot) ofShot.waiting.push(shot);
      else under.push({ index: shot.index, row });
    }
    // Stable: within one shot, its jobs (oldest first) before its waiting row.
    under.sort((a, b) => a.index - b.index);
    for (const { row } of under) add(row, shotListKey(file));
    for (const [index, { jobs, waiting: left }] of shotRows) {
      for (const job of jobs) add({ kind: 'job', key: job.id, job }, shotKey(file, index));
      for (const shot of [...left].sort((a, b) => (a.take ?? 0) - (b.take ?? 0))) add({ kind: 'waiting', key: waitingKey(file, shot), file, shot }, shotKey(file, index));
    }
  }

  return {
    top,
    row: (key) => rows.get(key),
    children: (key) => children.get(key) ?? [],
    parent: (key) => {
      const parent = parents.get(key);
      return parent === undefined ? undefined : rows.get(parent);
    },
  };
}
