// "Generate Shot List" (palette, Explorer and editor title menus for `*.veo.json`, the Jobs
// tree's shot-list rows, the CodeLens plan): checks every shot, marks the problems in the
// Problems panel, works out which shots need sending — those not generated yet or changed
// since their chosen take, each with as many takes as it asks for — says which and what they
// will cost, asks once, then hands them to the runner, which keeps at most
// veoStudio.maxConcurrentJobs of them on the service at once.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AuthError } from '../../core/api/errors';
import type { Job } from '../../core/jobs/job';
import { describeIssue } from '../../core/shotList/parse';
import { hasErrors } from '../../core/shotList/validate';
import { registerCommands } from '../../platform/commands';
import { BUILT_IN, COMMANDS } from '../../platform/ids';
import { ensureApiKey } from '../../platform/keyPrompts';
import type { Services } from '../../platform/services';
import { budgetLines, confirmBudget, priceRequests } from '../../platform/spending';
import type { ShotListDiagnostics } from './diagnostics';
import { confirmDetail, confirmQuestion, errorText, reportProblems, reportRun } from './messages';
import { isGenerateShotListArgs, targetFile } from './targetFile';
import { sendRun } from './sendRun';
import { whatToSend } from './whatToSend';
import { notify } from '../../platform/messages';

/** What the command answers (automation, tests). */
export interface ShotListRunSummary {
  readonly file: string;
  /** Ids of the jobs created, in shot order. */
  readonly jobIds: readonly string[];
  /** Every problem found, as "Shot 2 · options.duration: …". Errors mean nothing was sent. */
  readonly problems: readonly string[];
  /** Shots (1-based) the service refused or that could not be sent, with the reason. */
  readonly failed: ReadonlyArray<{ readonly shot: number; readonly message: string }>;
  /** Shots (1-based) never sent: the person stopped the run, or the key was refused. */
  readonly notSent: readonly number[];
  /** Shots (1-based) left out because they are saved and unchanged, or being generated. */
  readonly skipped: readonly number[];
}

export function registerGenerateShotList(services: Services, diagnostics: ShotListDiagnostics): vscode.Disposable {
  const { keys, log } = services;

  const generate = async (arg: unknown): Promise<ShotListRunSummary | undefined> => {
    const automated = isGenerateShotListArgs(arg);
    const uri = await targetFile(arg);
    if (!uri) return undefined;
    const name = path.basename(uri.fsPath);

    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking {0}', name) },
      () => diagnostics.check(uri),
    );
    const summary = (extra: Partial<ShotListRunSummary> = {}): ShotListRunSummary => ({
      file: uri.fsPath,
      jobIds: [],
      problems: plan.issues.map(describeIssue),
      failed: [],
      notSent: [],
      skipped: [],
      ...extra,
    });
    if (hasErrors(plan)) {
      void reportProblems(name, plan);
      return summary();
    }

    if (automated) {
      if (!(await keys.has())) throw new AuthError('missing');
    } else if (!(await ensureApiKey(keys))) {
      return undefined;
    }

    // A run of this list still sending: its waiting shots are no jobs yet, so a second run
    // would send them too. One run of a list at a time.
    const live = services.shotListRuns.get(uri.fsPath);
    if (live) {
      void notify.info(vscode.l10n.t('{0} is being sent: {1} shot(s) still wait for a free slot. Run it again once they are sent.', name, live.waiting));
      return summary({ notSent: plan.shots.map((s) => s.index + 1) });
    }

    // Only what needs it: shots not generated yet or changed since their take ("only": those shots, whatever their state).
    const only = automated && Array.isArray(arg.shots) ? new Set(arg.shots.map((n) => n - 1)) : undefined;
    const { entries, skipped, statuses } = await whatToSend(services, uri.fsPath, plan, only);
    const skippedShots = skipped.map((s) => s.index + 1);
    if (!entries.length) {
      if (!automated) void notify.info(vscode.l10n.t('{0}: every shot is saved and matches its take, or is being generated; nothing to send.', name));
      return summary({ skipped: skippedShots });
    }
    const priced = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Estimating the cost of {0}', name) },
      () => priceRequests(services, entries.map((e) => e.shot.request)),
    );
    const what = vscode.l10n.t('{0} ({1} videos)', name, entries.length);
    if (automated && arg.confirm === false) {
      // Nobody to ask: a budget that would be passed refuses, unless the caller allows it.
      await confirmBudget(services, priced, { what, interactive: false, allowOverBudget: arg.allowOverBudget === true });
    } else {
      // One question, with the budget in it when one would be passed.
      const overBudget = !priced.check.passes && !(automated && arg.allowOverBudget === true);
      const balance = overBudget ? await services.client.getBalance({ timeoutMs: 5_000 }).catch(() => undefined) : undefined;
      const go = overBudget ? vscode.l10n.t('Generate Anyway') : vscode.l10n.t('Generate');
      const question = confirmQuestion(entries.length, priced.totalUsd, priced.unpriced);
      const detail = confirmDetail(plan, entries, skipped, statuses, priced.estimates);
      const choice = await (overBudget ? notify.warning : notify.info)(
        overBudget ? vscode.l10n.t('{0} This would pass your budget.', question) : question,
        { modal: true, detail: overBudget ? `${budgetLines(priced, balance).join('\n')}\n\n${detail}` : detail },
        go,
      );
      if (choice !== go) return summary({ notSent: [...new Set(entries.map((e) => e.shot.index + 1))], skipped: skippedShots });
    }

    if (!automated) void vscode.commands.executeCommand(BUILT_IN.focusJobs);
    const result = await sendRun(services, { uri, entries, estimates: priced.estimates, ...(automated && arg.origin === 'agent' ? { origin: 'agent' as const } : {}) });
    log.info(`shot list ${uri.fsPath}: ${result.jobs.filter(Boolean).length} job(s), ${result.failures.length} refused, ${result.notSent.length} not sent`);
    const shotOf = (position: number) => entries[position]!.shot.index + 1;
    // Cut off by a reload: the run is carried on (and reported) from its record.
    if (!result.detached) void reportRun(name, result, shotOf);
    return summary({
      jobIds: result.jobs.filter((j): j is Job => j !== undefined).map((j) => j.id),
      failed: result.failures.map((f) => ({ shot: shotOf(f.position), message: errorText(f.error) })),
      notSent: [...new Set(result.notSent.map(shotOf))],
      skipped: skippedShots,
    });
  };

  return registerCommands(log, [{ id: COMMANDS.generateShotList, run: generate, rethrow: (arg) => isGenerateShotListArgs(arg) }]);
}
