// Which rows the Jobs view shows, and in which order — decided here, without VS Code, so the
// rules are unit-tested (test/unit/jobRows.unit.test.ts) and jobsTree.ts only draws rows:
//
// - newest first at the top level;
// - a job that extends another sits under it, the chain oldest first (the order it was made in);
// - a shot list's jobs sit under one row for the list, placed where its newest job would be,
//   in shot order (a retry after its first try), with the shots that still wait for a slot;
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
}

export type JobRow =
  | { readonly kind: 'job'; readonly key: string; readonly job: Job }
  /** `jobs`: the list's own jobs (not their extensions), in shot order. */
  | { readonly kind: 'shotList'; readonly key: string; readonly file: string; readonly jobs: readonly Job[] }
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
const WAITING_SHOT = 'veoShotWaiting:';

export const shotListKey = (file: string): string => `${SHOT_LIST}${file}`;
const waitingKey = (file: string, index: number) => `${WAITING_SHOT}${index}:${file}`;

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
    list.sort((a, b) => a.shotList!.index - b.shotList!.index || a.createdAt - b.createdAt);
    const under: Array<{ index: number; row: JobRow }> = list.map((job) => ({ index: job.shotList!.index, row: { kind: 'job', key: job.id, job } }));
    for (const shot of waiting(file) ?? []) under.push({ index: shot.index, row: { kind: 'waiting', key: waitingKey(file, shot.index), file, shot } });
    // Stable: within one shot, its jobs (oldest first) before its waiting row.
    under.sort((a, b) => a.index - b.index);
    for (const { row } of under) add(row, shotListKey(file));
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
