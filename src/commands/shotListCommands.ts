// Shot lists in VS Code: "Generate Shot List" (palette, Explorer and editor title menus for
// `*.veo.json`, the Jobs tree's shot-list rows) checks every shot, marks the problems in the
// Problems panel, shows the total estimated cost, asks once, then hands the shots to the
// runner, which keeps at most veoStudio.maxConcurrentJobs of them on the service at once.
// "Save as Shot" (a finished job in the tree, a sidecar in the Explorer) writes a one-shot
// list beside the video and opens it.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AuthError } from '../core/api/errors';
import { findModel } from '../core/catalog/catalog';
import { baseNameFromPrompt } from '../core/download/naming';
import type { Job } from '../core/jobs/job';
import { sidecarPathFor } from '../core/jobs/sidecar';
import type { JobManager } from '../core/jobs/jobManager';
import { formatUsd } from '../core/text/money';
import { estimateShotList } from '../core/shotList/cost';
import { isShotListFile, SHOT_LIST_SUFFIX } from '../core/shotList/format';
import { describeIssue, type ShotListIssue } from '../core/shotList/parse';
import { runShots, type RunResult } from '../core/shotList/runner';
import { isSidecar, looksLikeSidecarText, shotFromJob, shotFromSidecar, shotListText, writeNewShotList, type ShotFromSource } from '../core/shotList/saveAsShot';
import { hasErrors, planShotList, type PlannedShot, type ShotListPlan } from '../core/shotList/validate';
import { registerCommands } from '../platform/commands';
import { BUILT_IN, COMMANDS, CONTEXT_KEYS, OTHER_IDS } from '../platform/ids';
import { jobFromArgs } from '../platform/jobPicker';
import { ensureApiKey, offerSetApiKey } from '../platform/keyPrompts';
import type { Services } from '../platform/services';
import { readSettings } from '../platform/settings';
import { folderForJob, outputFolderFor, resolveWorkspacePath, workspaceRoots } from '../platform/workspaceFolders';
import { workspaceExcludes } from '../platform/workspaceMedia';
import { shortPrompt } from '../core/text/jobText';
import { shotListOfElement } from '../views/jobsTree';

/** The argument form, for keybindings, tasks and tests: `{ file, confirm: false }` asks nothing. */
interface GenerateArgs {
  readonly file: string | vscode.Uri;
  readonly confirm?: boolean;
}

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

function isGenerateArgs(value: unknown): value is GenerateArgs {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && 'file' in value;
}

export function registerShotLists(services: Services): vscode.Disposable {
  const deps = {
    manager: services.manager,
    prices: services.prices,
    log: services.log,
    ensureKey: () => ensureApiKey(services.keys),
    hasKey: () => services.keys.has(),
    runs: services.shotListRuns,
  };
  const diagnostics = vscode.languages.createDiagnosticCollection(OTHER_IDS.shotListDiagnostics);
  const sidecars = new SidecarFiles(deps.manager);

  /** Checks a shot list and shows its problems in the Problems panel (or clears them). */
  const check = async (uri: vscode.Uri): Promise<ShotListPlan> => {
    const document = await vscode.workspace.openTextDocument(uri);
    const plan = await planShotList(document.getText(), { file: uri.fsPath, roots: workspaceRoots() });
    if (plan.issues.length) diagnostics.set(uri, plan.issues.map((issue) => toDiagnostic(document, issue)));
    else diagnostics.delete(uri);
    return plan;
  };

  const generate = async (arg: unknown): Promise<ShotListRunSummary | undefined> => {
    const automated = isGenerateArgs(arg);
    const uri = await targetFile(arg);
    if (!uri) return undefined;
    const name = path.basename(uri.fsPath);

    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking {0}', name) },
      () => check(uri),
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
      if (!(await deps.hasKey())) throw new AuthError('missing');
    } else if (!(await deps.ensureKey())) {
      return undefined;
    }

    if (!automated || arg.confirm !== false) {
      const cost = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Estimating the cost of {0}', name) },
        () => estimateShotList(plan.shots, deps.prices),
      );
      const go = vscode.l10n.t('Generate');
      const choice = await vscode.window.showInformationMessage(
        confirmQuestion(plan.shots.length, cost.usd, cost.unknown),
        { modal: true, detail: confirmDetail(plan, cost.perShot.map((e) => e?.usd)) },
        go,
      );
      if (choice !== go) return summary({ notSent: plan.shots.map((s) => s.index + 1) });
    }

    const workspaceFolder = await folderForJob({ media: {} }, { ask: false, hint: uri.fsPath });
    if (!automated) void vscode.commands.executeCommand(BUILT_IN.focusJobs);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Veo Studio: {0}', name), cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        return runShots<PlannedShot>(plan.shots, {
          submit: (shot) =>
            deps.manager.submit({ request: shot.request, ...(workspaceFolder ? { workspaceFolder } : {}), shotList: { file: uri.fsPath, index: shot.index } }),
          jobs: deps.manager.store,
          limit: () => readSettings(uri).maxConcurrentJobs,
          signal: controller.signal,
          onProgress: (p) => {
            const waitingShots = plan.shots.slice(p.total - p.waiting).map((s) => ({ index: s.index, prompt: s.request.prompt }));
            deps.runs.set(uri.fsPath, { total: p.total, waiting: p.waiting, waitingShots });
            const message = p.waiting
              ? vscode.l10n.t('{0} of {1} sent; {2} waiting for a free slot', p.sent, p.total, p.waiting)
              : vscode.l10n.t('{0} of {1} sent', p.sent, p.total);
            progress.report({ message, increment: ((p.sent - reported) * 100) / p.total });
            reported = p.sent;
          },
        });
      },
    );
    deps.runs.set(uri.fsPath, undefined);
    deps.log.info(`shot list ${uri.fsPath}: ${result.jobs.filter(Boolean).length} job(s), ${result.failures.length} refused, ${result.notSent.length} not sent`);
    const shotOf = (position: number) => plan.shots[position]!.index + 1;
    void reportRun(name, result, shotOf);
    return summary({
      jobIds: result.jobs.filter((j): j is Job => j !== undefined).map((j) => j.id),
      failed: result.failures.map((f) => ({ shot: shotOf(f.position), message: f.error instanceof Error ? f.error.message : String(f.error) })),
      notSent: result.notSent.map(shotOf),
    });
  };

  const saveAsShot = async (arg: unknown): Promise<string | undefined> => {
    let source: ShotFromSource;
    let folder: string;
    let baseName: string;
    const uri = arg instanceof vscode.Uri ? arg : arg === undefined ? activeSidecar(sidecars) : undefined;
    if (uri) {
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      } catch {
        value = undefined;
      }
      if (!isSidecar(value)) {
        throw new Error(vscode.l10n.t('{0} is not a Veo Studio sidecar (the .json file saved beside a video).', path.basename(uri.fsPath)));
      }
      source = shotFromSidecar(value);
      folder = path.dirname(uri.fsPath);
      baseName = path.basename(uri.fsPath).replace(/\.json$/i, '');
    } else {
      const job = await jobFromArgs(deps.manager.store, arg, (j) => j.status === 'completed', 'save as a shot');
      if (!job) return undefined;
      source = shotFromJob(job);
      folder = job.output ? path.dirname(job.output.file) : outputFolderFor(job);
      baseName = job.output ? path.basename(job.output.file, path.extname(job.output.file)) : baseNameFromPrompt(job.request.prompt);
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(folder));
    const file = await writeNewShotList(folder, baseName, shotListText([source.shot]));
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    for (const warning of source.warnings) void vscode.window.showWarningMessage(vscode.l10n.t('Veo Studio: {0}', warning));
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Veo Studio: saved {0}', path.basename(file)), 4000);
    return file;
  };

  return vscode.Disposable.from(
    diagnostics,
    sidecars,
    // Problems already shown are checked again on save, so fixed ones go away.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (isShotListFile(doc.uri.fsPath) && diagnostics.has(doc.uri)) void check(doc.uri).catch((e: unknown) => deps.log.error('Could not check the shot list', e));
    }),
    vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => diagnostics.delete(f))),
    registerCommands(deps.log, [
      { id: COMMANDS.generateShotList, run: generate, rethrow: (arg) => isGenerateArgs(arg) },
      // Rethrown only in the explicit automation form (a second argument): a menu passes
      // the id or Uri alone, and VS Code would show a second, generic error.
      { id: COMMANDS.saveAsShot, run: saveAsShot, rethrow: (_arg, options) => typeof options === 'object' && options !== null },
    ]),
  );
}

// ---- which file --------------------------------------------------------------------------

async function targetFile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const fromTree = shotListOfElement(arg);
  if (fromTree) return vscode.Uri.file(fromTree);
  if (isGenerateArgs(arg)) {
    if (arg.file instanceof vscode.Uri) return arg.file;
    const resolved = resolveWorkspacePath(String(arg.file));
    if (!resolved) throw new Error(vscode.l10n.t('There is no shot list "{0}" in the workspace.', String(arg.file)));
    return vscode.Uri.file(resolved);
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isShotListFile(active.fsPath)) return active;

  const found = await vscode.workspace.findFiles(`**/*${SHOT_LIST_SUFFIX}`, workspaceExcludes(), 500);
  const lists = [...found].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (!lists.length) {
    const create = vscode.l10n.t('Create Example Shot List');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('There is no shot list ({0} file) in this workspace yet. A shot list describes several videos to generate in one go.', `*${SHOT_LIST_SUFFIX}`),
      create,
    );
    if (choice === create) await createExample();
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    lists.map((uri) => ({ label: path.basename(uri.fsPath), description: path.dirname(vscode.workspace.asRelativePath(uri, true)), uri })),
    { title: vscode.l10n.t('Veo Studio: Generate Shot List'), placeHolder: vscode.l10n.t('Which shot list?'), matchOnDescription: true },
  );
  return picked?.uri;
}

async function createExample(): Promise<void> {
  const root = workspaceRoots()[0];
  if (!root) throw new Error(vscode.l10n.t('Open a folder first: shot lists live in the workspace.'));
  const text =
    JSON.stringify(
      {
        defaults: { model: 'google/veo-3.1-t2v-fast', options: { duration: 4, resolution: '720p' } },
        shots: [
          { prompt: 'Establishing shot: a lighthouse on a cliff at dawn, waves below, slow aerial push-in', output: 'shot-01' },
          { prompt: 'Close-up: the lighthouse keeper opens a weathered door, warm light spills out, gulls calling', output: 'shot-02' },
        ],
      },
      null,
      2,
    ) + '\n';
  const file = await writeNewShotList(root, 'shots', text);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}

// ---- what the person is told -------------------------------------------------------------

function toDiagnostic(document: vscode.TextDocument, issue: ShotListIssue): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(issue.range.offset), document.positionAt(issue.range.offset + issue.range.length));
  const diagnostic = new vscode.Diagnostic(
    range,
    describeIssue(issue),
    issue.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = 'Veo Studio';
  return diagnostic;
}

async function reportProblems(name: string, plan: ShotListPlan): Promise<void> {
  const errors = plan.issues.filter((i) => i.severity === 'error');
  const shots = new Set(errors.map((i) => i.shot).filter((s) => s !== undefined)).size;
  const first = errors.slice(0, 2).map(describeIssue).join(' ');
  const more = errors.length > 2 ? vscode.l10n.t(' …and {0} more.', errors.length - 2) : '';
  const head =
    shots > 0
      ? vscode.l10n.t('{0}: {1} problem(s) in {2} shot(s); nothing was sent.', name, errors.length, shots)
      : vscode.l10n.t('{0}: {1} problem(s); nothing was sent.', name, errors.length);
  const show = vscode.l10n.t('Show Problems');
  const choice = await vscode.window.showErrorMessage(`${head} ${first}${more}`, show);
  if (choice === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

function confirmQuestion(count: number, usd: number, unknown: number): string {
  if (unknown === count) {
    return count === 1
      ? vscode.l10n.t('Generate 1 video? Its cost is not known right now.')
      : vscode.l10n.t('Generate {0} videos? Their cost is not known right now.', count);
  }
  if (unknown > 0) return vscode.l10n.t('Generate {0} videos for about {1}, plus {2} whose cost is not known?', count, formatUsd(usd), unknown);
  return count === 1 ? vscode.l10n.t('Generate 1 video for about {0}?', formatUsd(usd)) : vscode.l10n.t('Generate {0} videos for about {1}?', count, formatUsd(usd));
}

const MAX_LISTED = 12;

function confirmDetail(plan: ShotListPlan, perShot: ReadonlyArray<number | undefined>): string {
  const lines = plan.shots.slice(0, MAX_LISTED).map((shot, i) => {
    const o = shot.options;
    const facts = [
      findModel(shot.request.model)?.label ?? shot.request.model,
      o['duration'] !== undefined ? `${String(o['duration'])} s` : '',
      o['resolution'] !== undefined ? String(o['resolution']) : '',
      perShot[i] !== undefined ? formatUsd(perShot[i]) : vscode.l10n.t('price unknown'),
    ].filter(Boolean);
    return `${shot.index + 1}. ${shortPrompt(shot.request.prompt, 40)} — ${facts.join(' · ')}`;
  });
  if (plan.shots.length > MAX_LISTED) lines.push(vscode.l10n.t('…and {0} more', plan.shots.length - MAX_LISTED));
  const limit = readSettings(vscode.Uri.file(plan.file)).maxConcurrentJobs;
  lines.push('');
  if (plan.shots.length > limit) {
    lines.push(vscode.l10n.t('At most {0} run on the service at once (veoStudio.maxConcurrentJobs); the others wait and start as earlier ones finish.', limit));
  }
  const warnings = plan.issues.filter((i) => i.severity === 'warning').length;
  if (warnings) lines.push(vscode.l10n.t('{0} warning(s): see the Problems panel.', warnings));
  lines.push(vscode.l10n.t('The estimate uses the live price list; each video is billed when it completes.'));
  return lines.join('\n');
}

async function reportRun(name: string, result: RunResult, shotOf: (position: number) => number): Promise<void> {
  if (result.failures.length) {
    const reasons = result.failures.slice(0, 2).map((f) => vscode.l10n.t('shot {0}: {1}', shotOf(f.position), f.error instanceof Error ? f.error.message : String(f.error)));
    const notSent = result.notSent.length ? vscode.l10n.t(' {0} shot(s) were not sent.', result.notSent.length) : '';
    const fatal = result.failures.find((f) => f.error instanceof AuthError);
    const message = vscode.l10n.t('{0}: {1} shot(s) could not be sent ({2}).{3}', name, result.failures.length, reasons.join('; '), notSent);
    if (fatal) await offerSetApiKey(message, 'error');
    else await vscode.window.showErrorMessage(message);
  } else if (result.stopped === 'cancelled' && result.notSent.length) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0}: stopped; {1} shot(s) were not sent. Jobs already sent keep running.', name, result.notSent.length),
    );
  }
}

// ---- which .json files are sidecars ------------------------------------------------------

/** `<output folder>/**\/<files>` in every workspace folder. */
function outputPatterns(files: string): vscode.RelativePattern[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => {
    const output = readSettings(folder.uri).outputFolder.replace(/\\/g, '/').replace(/\/+$/, '');
    return new vscode.RelativePattern(folder, `${output}/**/${files}`);
  });
}

/** The active editor's file when it is a known sidecar (the palette route of Save as Shot). */
function activeSidecar(sidecars: SidecarFiles): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && sidecars.has(uri.fsPath) ? uri : undefined;
}

/**
 * Keeps the context key `veoStudio.sidecarFiles` (paths of the sidecars in the workspace),
 * so "Save as Shot" shows only on .json files Veo Studio wrote. Sources: the jobs' own
 * sidecars, the .json beside each video in the output folders (checked by content, once, a
 * moment after start-up), and new .json files appearing there. Only the output folders are
 * looked at: that is where sidecars are written, and a window that never made a video
 * should not pay for a workspace-wide scan.
 */
class SidecarFiles implements vscode.Disposable {
  private readonly files = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly scanTimer: ReturnType<typeof setTimeout>;

  constructor(manager: JobManager) {
    for (const job of manager.store.all()) if (job.output?.sidecar) this.files.add(job.output.sidecar);
    this.publish();
    for (const pattern of outputPatterns('*.json')) {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern, false, true, false);
      this.disposables.push(
        watcher,
        watcher.onDidCreate((uri) => void this.consider(uri)),
        watcher.onDidDelete((uri) => {
          if (this.files.delete(uri.fsPath)) this.publish();
        }),
      );
    }
    this.disposables.push(
      manager.store.onDidChange(({ job }) => {
        if (job.output?.sidecar && !this.files.has(job.output.sidecar)) {
          this.files.add(job.output.sidecar);
          this.publish();
        }
      }),
    );
    // Activation does no heavy work: the one-off scan waits until the window has settled.
    this.scanTimer = setTimeout(() => void this.scan(), 5_000);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  private async scan(): Promise<void> {
    for (const pattern of outputPatterns('*.{mp4,MP4,mov,MOV,webm,WEBM}')) {
      const videos = await vscode.workspace.findFiles(pattern, undefined, 2000);
      for (const video of videos) await this.consider(vscode.Uri.file(sidecarPathFor(video.fsPath)));
    }
  }

  private async consider(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file' || this.files.has(uri.fsPath) || isShotListFile(uri.fsPath)) return;
    try {
      // Only the start: the marker is the first field, and a new .json may be large.
      const handle = await fs.open(uri.fsPath, 'r');
      try {
        const head = Buffer.alloc(256);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        if (!looksLikeSidecarText(head.subarray(0, bytesRead).toString('utf8'))) return;
      } finally {
        await handle.close();
      }
    } catch {
      return;
    }
    this.files.add(uri.fsPath);
    this.publish();
  }

  private publish(): void {
    if (this.publishTimer) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      // Keyed by file-system path and by URI path: `resourcePath in …` matches either.
      const keys: Record<string, true> = {};
      for (const file of this.files) {
        keys[file] = true;
        keys[vscode.Uri.file(file).path] = true;
      }
      void vscode.commands.executeCommand(BUILT_IN.setContext, CONTEXT_KEYS.sidecarFiles, keys);
    }, 100);
  }

  dispose(): void {
    clearTimeout(this.scanTimer);
    if (this.publishTimer) clearTimeout(this.publishTimer);
    for (const d of this.disposables) d.dispose();
  }
}
