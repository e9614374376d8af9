// Sends a shot list's planned shots under a cancellable notification, keeping the Jobs tree
// told which shots still wait for a slot, and keeping the run on disk (core/shotList/
// runRecords.ts): each shot is marked before it is handed to the JobManager and again once
// its job exists, so a reload carries the run on (carryOn.ts) instead of losing the waiting
// shots or sending a shot twice. A run that ends here — everything sent, the person
// stopped it, or the key or credit failed — forgets its record. Every job belongs to the
// shot list's workspace folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobEstimate, JobOrigin } from '../../core/jobs/job';
import { newRecord, type RunRecord } from '../../core/shotList/runRecord';
import { runShots, type RunResult } from '../../core/shotList/runner';
import type { RunEntry } from '../../core/shotList/takes';
import { defuseLinks } from '../../core/text/links';
import type { LiveRun } from '../../platform/runOwners';
import type { Services } from '../../platform/services';
import { readSettings } from '../../platform/settings';
import { folderForJob } from '../../platform/workspaceFolders';

export interface RunToSend {
  readonly uri: vscode.Uri;
  /** What is sent, in order. */
  readonly entries: readonly RunEntry[];
  /** The estimate of each entry, by position. */
  readonly estimates: ReadonlyArray<JobEstimate | undefined>;
  readonly origin?: JobOrigin;
  /**
   * A run carried on after a reload: its record (claimed by `live`), each entry's position
   * in it, and its jobs still running (they hold slots). A new run makes its record.
   */
  readonly carried?: { readonly record: RunRecord; readonly positions: readonly number[]; readonly running: readonly string[]; readonly live: LiveRun };
}

export interface SentRun extends RunResult {
  /** Cut off by a reload: the record stays for the next window. */
  readonly detached: boolean;
}

export async function sendRun(services: Services, r: RunToSend): Promise<SentRun> {
  const { manager, shotListRuns, runRecords, runOwners } = services;
  const file = r.uri.fsPath;
  const workspaceFolder = await folderForJob({ media: {} }, { ask: false, hint: file });
  const live = r.carried?.live ?? runOwners.open();
  const token = live.owner.token;
  const positions = r.carried?.positions ?? r.entries.map((_, i) => i);
  try {
    // On disk before the first shot leaves.
    if (!r.carried) await runRecords.put(newRecord(file, r.entries, live.owner, Date.now()));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Veo Studio: {0}', defuseLinks(path.basename(file))), cancellable: true },
      (progress, cancel) => {
        cancel.onCancellationRequested(() => live.stop());
        let reported = 0;
        return runShots<RunEntry>(r.entries, {
          submit: async ({ shot, take }, position) => {
            const at = positions[position]!;
            await runRecords.entry(file, token, at, { state: 'sending', sendingAt: Date.now() });
            // Cut off while the mark was written: as after a reload, the shot stays for the next window.
            if (live.detached) throw new Error('cut off by a reload');
            const estimate = r.estimates[position];
            try {
              const job = await manager.submit({
                request: shot.request,
                ...(workspaceFolder ? { workspaceFolder } : {}),
                shotList: { file, index: shot.index, ...(take !== undefined ? { take } : {}) },
                ...(estimate ? { estimate } : {}),
                ...(r.origin ? { origin: r.origin } : {}),
              });
              await runRecords.entry(file, token, at, { state: 'sent', jobId: job.id });
              return job;
            } catch (error) {
              await runRecords.entry(file, token, at, { state: 'refused' });
              throw error;
            }
          },
          jobs: manager.store,
          limit: () => readSettings(r.uri).maxConcurrentJobs,
          signal: live.signal,
          ...(r.carried ? { alreadyRunning: r.carried.running } : {}),
          onProgress: (p) => {
            const waitingShots = r.entries.slice(p.total - p.waiting).map((e) => ({ index: e.shot.index, prompt: e.shot.request.prompt, ...(e.take !== undefined ? { take: e.take } : {}) }));
            shotListRuns.set(file, { total: p.total, waiting: p.waiting, waitingShots });
            const message = p.waiting
              ? vscode.l10n.t('{0} of {1} sent; {2} waiting for a free slot', p.sent, p.total, p.waiting)
              : vscode.l10n.t('{0} of {1} sent', p.sent, p.total);
            progress.report({ message, increment: ((p.sent - reported) * 100) / p.total });
            reported = p.sent;
          },
        });
      },
    );
    return { ...result, detached: live.detached };
  } finally {
    shotListRuns.set(file, undefined);
    // Ended here: nothing is left to carry on. Cut off by a reload: the next window carries it on.
    if (!live.detached) await runRecords.delete(file, token);
    live.close();
  }
}
