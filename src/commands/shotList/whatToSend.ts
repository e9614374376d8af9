// Which shots a run of a shot list sends, and why the others are left out: one answer for
// "Generate Shot List" and for the chat agent's Run Shot List, so what the person confirms is
// what is sent.
import type { PlannedShot, ShotListPlan } from '../../core/shotList/validate';
import { runEntries, type RunEntry, type ShotStatus } from '../../core/shotList/takes';
import type { Services } from '../../platform/services';

export interface WhatToSend {
  /** One entry per job: a shot, and which of its takes. */
  readonly entries: readonly RunEntry[];
  /** Shots left out: saved and unchanged, or being generated. */
  readonly skipped: readonly PlannedShot[];
  /** Every shot's state, by index. */
  readonly statuses: readonly ShotStatus[];
}

/**
 * The shots not generated yet or changed since their take, each with the takes it still
 * needs; `only` (0-based indexes) sends those shots with all their takes, whatever their state.
 */
export async function whatToSend(services: Pick<Services, 'takes'>, file: string, plan: ShotListPlan, only?: ReadonlySet<number>): Promise<WhatToSend> {
  const { shots: statuses } = await services.takes.list(file, { plan });
  const { entries, skipped } = runEntries(plan.shots, statuses, only);
  return { entries, skipped, statuses };
}
