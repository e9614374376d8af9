// After a reload (or a crash, or VS Code closed mid-run): the shot-list runs left on disk
// (core/shotList/runRecords.ts) are carried on, each by one window. For each run:
// - a shot already handed to the JobManager is never sent again: its job is in the JobStore
//   and the manager's restart (core/jobs/restart.ts) follows it;
// - a waiting shot whose shot changed since the run began, or whose file was deleted or
//   cannot be read, is dropped, and the person is told which;
// - the rest are priced again: when they would pass a budget nothing is sent, and a
//   non-modal warning offers to continue anyway (the person may not be at the window);
// - otherwise they are sent, under "Shot list X: carrying on with N waiting shots" with a
//   Stop button (Stop drops the waiting ones and says so).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isUnfinished, resumePlan, type DropReason, type FileNow, type ResumePlan, type RunRecord } from '../../core/shotList/runRecord';
import { hasErrors, planShotList } from '../../core/shotList/validate';
import type { LiveRun } from '../../platform/runOwners';
import { notify } from '../../platform/messages';
import type { Services } from '../../platform/services';
import { budgetLines, priceRequests } from '../../platform/spending';
import { workspaceRoots } from '../../platform/workspaceFolders';
import { reportRun } from './messages';
import { sendRun } from './sendRun';

/**
 * An ended window's extension host can outlive the reload by a moment: a run still held by a
 * live process at activation is looked at once more after this long.
 */
const LOOK_AGAIN_MS = 15_000;

/** Carries on, at activation, the runs a window before this one left. */
export function registerCarryOn(services: Services): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fail = (error: unknown) => services.log.error('Could not carry on the shot-list runs', error);
  void carryOnRuns(services).then((held) => {
    if (held > 0) timer = setTimeout(() => void carryOnRuns(services).catch(fail), LOOK_AGAIN_MS);
  }, fail);
  return new vscode.Disposable(() => clearTimeout(timer));
}

/**
 * Carries on every run no live window holds; resolves once each is under way (or told
 * about) with how many another live window holds.
 */
export async function carryOnRuns(services: Services): Promise<number> {
  let held = 0;
  for (const found of services.runRecords.all()) if ((await carryOnFile(services, found.file, false)) === 'held') held++;
  return held;
}

/** Claims the file's run and carries it on; `overBudget`: the person said to continue anyway. */
async function carryOnFile(services: Services, file: string, overBudget: boolean): Promise<'held' | 'done'> {
  const { runRecords, runOwners, log } = services;
  const live = runOwners.open();
  const record = await runRecords.claim(file, live.owner, (owner) => runOwners.isAlive(owner));
  if (!record) {
    log.info(`shot list ${file}: its run is carried on by another window, or is gone`);
    live.close();
    return runRecords.get(file) ? 'held' : 'done';
  }
  try {
    const started = await carryOn(services, record, live, overBudget);
    if (!started) live.close();
  } catch (error) {
    live.close();
    log.error(`Could not carry on the run of ${file}`, error);
  }
  return 'done';
}

/** True when the run was handed to sendRun (which closes `live` when it ends). */
async function carryOn(services: Services, record: RunRecord, live: LiveRun, overBudget: boolean): Promise<boolean> {
  const { runRecords, log, manager, keys } = services;
  const token = live.owner.token;
  const name = path.basename(record.file);
  if (!isUnfinished(record)) {
    await runRecords.delete(record.file, token);
    return false;
  }
  const plan = resumePlan(record, await fileNow(record.file), manager.store.all());
  log.info(`shot list ${record.file}: after a reload, ${plan.send.length} shot(s) to send, ${plan.found.length} found sent, ${plan.dropped.length} dropped, ${plan.running.length} still running`);
  for (const f of plan.found) await runRecords.entry(record.file, token, f.position, { state: 'sent', jobId: f.jobId });
  for (const d of plan.dropped) await runRecords.entry(record.file, token, d.position, { state: 'dropped' });
  if (plan.dropped.length) void tellDropped(name, plan.dropped);
  if (!plan.send.length) {
    await runRecords.delete(record.file, token);
    return false;
  }
  if (!(await keys.has())) {
    // Nothing could be sent; the run waits for the next window (or the next run of the list).
    log.info(`shot list ${record.file}: no API key, the ${plan.send.length} waiting shot(s) stay waiting`);
    return false;
  }

  const priced = await priceRequests(services, plan.send.map((s) => s.shot.request));
  if (!priced.check.passes && !overBudget) {
    const balance = await services.client.getBalance({ timeoutMs: 5_000 }).catch(() => undefined);
    const go = vscode.l10n.t('Continue Anyway');
    const stop = vscode.l10n.t('Stop');
    // Not modal: after a reload nobody may be at the window, and nothing is sent meanwhile.
    // The run is not held while the question waits: an answer claims it again, as it is then.
    void notify
      .warning(
        vscode.l10n.t('Shot list {0}: the {1} waiting shots would pass your budget, so they were not sent. {2}', name, plan.send.length, budgetLines(priced, balance).join(' ')),
        go,
        stop,
      )
      .then(async (choice) => {
        if (choice === go) await carryOnFile(services, record.file, true);
        else if (choice === stop) await stopWaiting(services, record.file, name);
        // Dismissed: the record stays, and the next window asks again.
      })
      .then(undefined, (error: unknown) => log.error('Could not ask about the budget', error));
    return false;
  }
  await send(services, record, plan, live, priced.estimates);
  return true;
}

/** Stop: the waiting shots are dropped, unless a window carries the run on by now. */
async function stopWaiting(services: Services, file: string, name: string): Promise<void> {
  const { runRecords, runOwners } = services;
  const live = runOwners.open();
  const record = await runRecords.claim(file, live.owner, (owner) => runOwners.isAlive(owner));
  if (record) {
    await runRecords.delete(file, live.owner.token);
    const waiting = record.entries.filter((e) => e.state === 'waiting' || (e.state === 'sending' && !e.jobId)).length;
    void notify.info(vscode.l10n.t('Shot list {0}: stopped; {1} waiting shot(s) were dropped and not sent.', name, waiting));
  }
  live.close();
}

async function send(services: Services, record: RunRecord, plan: ResumePlan, live: LiveRun, estimates: Parameters<typeof sendRun>[1]['estimates']): Promise<void> {
  const name = path.basename(record.file);
  const stop = vscode.l10n.t('Stop');
  void notify.info(vscode.l10n.t('Shot list {0}: carrying on with {1} waiting shots', name, plan.send.length), stop).then((choice) => {
    if (choice === stop) live.stop();
  });
  const entries = plan.send.map((s) => ({ shot: s.shot, ...(s.take !== undefined ? { take: s.take } : {}) }));
  // The run goes on in the background: activation does not wait for a whole list.
  void sendRun(services, {
    uri: vscode.Uri.file(record.file),
    entries,
    estimates,
    carried: { record, positions: plan.send.map((s) => s.position), running: plan.running, live },
  }).then((result) => {
    if (result.detached) return;
    const shotOf = (position: number) => entries[position]!.shot.index + 1;
    if (result.stopped === 'cancelled' && result.notSent.length) {
      void notify.info(vscode.l10n.t('Shot list {0}: stopped; {1} waiting shot(s) were dropped and not sent.', name, result.notSent.length));
    } else {
      void reportRun(name, result, shotOf);
    }
  }, (error: unknown) => {
    live.close();
    services.log.error(`Could not carry on the run of ${record.file}`, error);
  });
}

/** The file's valid shots now, or why there are none to compare with. */
async function fileNow(file: string): Promise<FileNow> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch (error) {
    return error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'deleted' : 'unreadable';
  }
  const plan = await planShotList(text, { file, roots: workspaceRoots() });
  // Not a shot list any more (not JSON, no shots): nothing in it can be compared.
  if (plan.total === 0 && hasErrors(plan)) return 'unreadable';
  return { shots: plan.shots, total: plan.total };
}

/** Says which waiting shots were not carried on, and why. */
function tellDropped(name: string, dropped: ResumePlan['dropped']): Thenable<unknown> {
  const shots = (reason: DropReason) => [...new Set(dropped.filter((d) => d.reason === reason).map((d) => String(d.index + 1)))].join(', ');
  const has = (reason: DropReason) => dropped.some((d) => d.reason === reason);
  const parts: string[] = [];
  if (has('changed')) parts.push(vscode.l10n.t('shot {0} changed since the run began', shots('changed')));
  if (has('invalid')) parts.push(vscode.l10n.t('shot {0} no longer passes its checks', shots('invalid')));
  if (has('removed')) parts.push(vscode.l10n.t('shot {0} is no longer in the file', shots('removed')));
  if (has('deleted')) parts.push(vscode.l10n.t('the file was deleted'));
  if (has('unreadable')) parts.push(vscode.l10n.t('the file cannot be read'));
  return notify.warning(
    vscode.l10n.t('Shot list {0}: {1} waiting shot(s) were not carried on after the reload ({2}).', name, dropped.length, parts.join('; ')),
  );
}
