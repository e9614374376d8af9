// "Generate Shot List" (palette, Explorer and editor title menus for `*.veo.json`, the Jobs
// tree's shot-list rows): checks every shot, marks the problems in the Problems panel, shows
// the total estimated cost, asks once, then hands the shots to the runner, which keeps at
// most veoStudio.maxConcurrentJobs of them on the service at once.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AuthError } from '../../core/api/errors';
import type { Job, JobOrigin } from '../../core/jobs/job';
import type { PricedPlan } from '../../core/money/plan';
import { describeIssue } from '../../core/shotList/parse';
import { runShots, type RunResult } from '../../core/shotList/runner';
import { defuseLinks } from '../../core/text/links';
import { hasErrors, type PlannedShot, type ShotListPlan } from '../../core/shotList/validate';
import { registerCommands } from '../../platform/commands';
import { BUILT_IN, COMMANDS } from '../../platform/ids';
import { ensureApiKey } from '../../platform/keyPrompts';
import type { Services } from '../../platform/services';
import { readSettings } from '../../platform/settings';
import { budgetLines, confirmBudget, priceRequests } from '../../platform/spending';
import { folderForJob } from '../../platform/workspaceFolders';
import type { ShotListDiagnostics } from './diagnostics';
import { confirmDetail, confirmQuestion, errorText, reportProblems, reportRun } from './messages';
import { isGenerateShotListArgs, targetFile } from './targetFile';
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

    const priced = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Estimating the cost of {0}', name) },
      () => priceRequests(services, plan.shots.map((s) => s.request)),
    );
    const what = vscode.l10n.t('{0} ({1} videos)', name, plan.shots.length);
    if (automated && arg.confirm === false) {
      // Nobody to ask: a budget that would be passed refuses, unless the caller allows it.
      await confirmBudget(services, priced, { what, interactive: false, allowOverBudget: arg.allowOverBudget === true });
    } else {
      // One question, with the budget in it when one would be passed.
      const overBudget = !priced.check.passes && !(automated && arg.allowOverBudget === true);
      const balance = overBudget ? await services.client.getBalance({ timeoutMs: 5_000 }).catch(() => undefined) : undefined;
      const go = overBudget ? vscode.l10n.t('Generate Anyway') : vscode.l10n.t('Generate');
      const question = confirmQuestion(plan.shots.length, priced.totalUsd, priced.unpriced);
      const detail = confirmDetail(plan, priced.estimates);
      const choice = await (overBudget ? notify.warning : notify.info)(
        overBudget ? vscode.l10n.t('{0} This would pass your budget.', question) : question,
        { modal: true, detail: overBudget ? `${budgetLines(priced, balance).join('\n')}\n\n${detail}` : detail },
        go,
      );
      if (choice !== go) return summary({ notSent: plan.shots.map((s) => s.index + 1) });
    }

    if (!automated) void vscode.commands.executeCommand(BUILT_IN.focusJobs);
    const result = await run(services, uri, plan, priced, automated && arg.origin === 'agent' ? 'agent' : undefined);
    log.info(`shot list ${uri.fsPath}: ${result.jobs.filter(Boolean).length} job(s), ${result.failures.length} refused, ${result.notSent.length} not sent`);
    const shotOf = (position: number) => plan.shots[position]!.index + 1;
    void reportRun(name, result, shotOf);
    return summary({
      jobIds: result.jobs.filter((j): j is Job => j !== undefined).map((j) => j.id),
      failed: result.failures.map((f) => ({ shot: shotOf(f.position), message: errorText(f.error) })),
      notSent: result.notSent.map(shotOf),
    });
  };

  return registerCommands(log, [{ id: COMMANDS.generateShotList, run: generate, rethrow: (arg) => isGenerateShotListArgs(arg) }]);
}

/**
 * Sends the planned shots under a cancellable notification, keeping the Jobs tree told which
 * shots still wait for a slot. Every job belongs to the shot list's workspace folder.
 */
async function run({ manager, shotListRuns }: Services, uri: vscode.Uri, plan: ShotListPlan, priced: PricedPlan, origin: JobOrigin | undefined): Promise<RunResult> {
  const workspaceFolder = await folderForJob({ media: {} }, { ask: false, hint: uri.fsPath });
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Veo Studio: {0}', defuseLinks(path.basename(uri.fsPath))), cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        return runShots<PlannedShot>(plan.shots, {
          submit: (shot, position) => {
            const estimate = priced.estimates[position];
            return manager.submit({
              request: shot.request,
              ...(workspaceFolder ? { workspaceFolder } : {}),
              shotList: { file: uri.fsPath, index: shot.index },
              ...(estimate ? { estimate } : {}),
              ...(origin ? { origin } : {}),
            });
          },
          jobs: manager.store,
          limit: () => readSettings(uri).maxConcurrentJobs,
          signal: controller.signal,
          onProgress: (p) => {
            const waitingShots = plan.shots.slice(p.total - p.waiting).map((s) => ({ index: s.index, prompt: s.request.prompt }));
            shotListRuns.set(uri.fsPath, { total: p.total, waiting: p.waiting, waitingShots });
            const message = p.waiting
              ? vscode.l10n.t('{0} of {1} sent; {2} waiting for a free slot', p.sent, p.total, p.waiting)
              : vscode.l10n.t('{0} of {1} sent', p.sent, p.total);
            progress.report({ message, increment: ((p.sent - reported) * 100) / p.total });
            reported = p.sent;
          },
        });
      },
    );
  } finally {
    shotListRuns.set(uri.fsPath, undefined);
  }
}
