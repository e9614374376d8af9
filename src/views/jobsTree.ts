// The Jobs view: every job with its state at a glance, the jobs of a shot list under a row
// with its progress. Which rows and in which order (newest first, extensions under their
// source, …) is jobRows.ts's; this file draws them, reads the JobStore and refreshes only
// the rows that changed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { canResume, isActive, mayHaveRun, type Job } from '../core/jobs/job';
import type { JobChange } from '../core/jobs/jobStore';
import { shotListProgress, type ShotListRunState } from '../core/shotList/runs';
import type { Event } from '../core/util/events';
import { jobDescription, jobTooltip, shortPrompt } from '../core/text/jobText';
import { BUILT_IN, COMMANDS, VIEWS } from '../platform/ids';
import type { Services } from '../platform/services';
import { jobRows, shotListKey, type JobRowTree, type WaitingShot } from './jobRows';

interface JobSource {
  all(): readonly Job[];
  readonly onDidChange: Event<JobChange>;
}

/** Shot lists being sent: shots that wait for a slot are not jobs yet. */
export interface ShotListRunSource {
  get(file: string): ShotListRunState | undefined;
  readonly onDidChange: Event<string>;
}

/** Elapsed times of running jobs tick at this pace while the view is visible. */
const TICK_MS = 5_000;

const ICONS: Record<Job['status'], vscode.ThemeIcon> = {
  submitting: new vscode.ThemeIcon('loading~spin'),
  unconfirmed: new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  pending: new vscode.ThemeIcon('loading~spin'),
  downloading: new vscode.ThemeIcon('loading~spin'),
  completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  timedOut: new vscode.ThemeIcon('watch', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
};

/**
 * The tree's elements are row keys (a job's id, or a shot list's or waiting shot's key):
 * VS Code keys rows by element, so strings keep rows stable. Which rows, in which order, is
 * jobRows.ts's; this class draws them.
 */
export class JobsTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private tick: ReturnType<typeof setTimeout> | undefined;
  private visible = false;
  /** The rows, laid out again after the jobs or a run change. */
  private layout: JobRowTree | undefined;

  constructor(
    private readonly jobs: JobSource,
    private readonly runs?: ShotListRunSource,
  ) {
    this.subscriptions.push(
      jobs.onDidChange((change) => {
        this.layout = undefined;
        // Added or removed rows change the list; an update changes one row (and its shot list's progress).
        const update = change.previous && !change.removed;
        this._onDidChangeTreeData.fire(update ? change.job.id : undefined);
        if (update && change.job.shotList) this._onDidChangeTreeData.fire(shotListKey(change.job.shotList.file));
        this.scheduleTick();
      }),
    );
    if (runs) {
      this.subscriptions.push(
        runs.onDidChange((file) => {
          this.layout = undefined;
          this._onDidChangeTreeData.fire(shotListKey(file));
        }),
      );
    }
  }

  private rows(): JobRowTree {
    return (this.layout ??= jobRows(this.jobs.all(), (file) => this.runs?.get(file)?.waitingShots));
  }

  /** The view reports visibility, so elapsed times only tick when someone can see them. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.scheduleTick();
  }

  getChildren(element?: string): string[] {
    const rows = element === undefined ? this.rows().top : this.rows().children(element);
    return rows.map((r) => r.key);
  }

  getParent(element: string): string | undefined {
    return this.rows().parent(element)?.key;
  }

  getTreeItem(element: string): vscode.TreeItem {
    const row = this.rows().row(element);
    switch (row?.kind) {
      case 'job':
        return this.jobItem(row.job);
      case 'shotList':
        return this.shotListItem(row.file, row.jobs);
      case 'waiting':
        return this.waitingItem(row.key, row.file, row.shot);
      default:
        return new vscode.TreeItem('(removed)');
    }
  }

  private jobItem(job: Job): vscode.TreeItem {
    const hasChildren = this.rows().children(job.id).length > 0;
    const item = new vscode.TreeItem(
      shortPrompt(job.request.prompt),
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = job.id;
    item.description = jobDescription(job, Date.now());
    item.tooltip = jobTooltip(job);
    item.iconPath = ICONS[job.status];
    // `veoJob.<status>[.known][.resumable]`: menus match on the prefix.
    item.contextValue = `veoJob.${job.status}${job.generationId ? '.known' : ''}${canResume(job) ? '.resumable' : ''}${mayHaveRun(job) ? '.mayHaveRun' : ''}`;
    item.accessibilityInformation = { label: `${job.request.prompt}. ${jobDescription(job, Date.now())}` };
    if (job.status === 'completed' && job.output) item.resourceUri = vscode.Uri.file(job.output.file);
    // A click shows the job in the preview: its video, or what went wrong and what to do.
    item.command = { command: COMMANDS.openVideo, title: vscode.l10n.t('Open Preview'), arguments: [job.id] };
    return item;
  }

  /** The shot list's row: its file name and how far it got ("2/3 saved · 1 running"). */
  private shotListItem(file: string, jobs: readonly Job[]): vscode.TreeItem {
    const p = shotListProgress(jobs, this.runs?.get(file));
    const parts = [vscode.l10n.t('{0}/{1} saved', p.saved, p.total)];
    if (p.running) parts.push(vscode.l10n.t('{0} running', p.running));
    if (p.waiting) parts.push(vscode.l10n.t('{0} waiting', p.waiting));
    if (p.ended) parts.push(vscode.l10n.t('{0} not saved', p.ended));
    const description = parts.join(' · ');
    const item = new vscode.TreeItem(path.basename(file), vscode.TreeItemCollapsibleState.Expanded);
    item.id = shotListKey(file);
    item.description = description;
    item.tooltip = `${vscode.workspace.asRelativePath(file)}\n${description}`;
    item.iconPath = new vscode.ThemeIcon(p.running || p.waiting ? 'loading~spin' : p.saved === p.total ? 'checklist' : 'list-ordered');
    item.contextValue = 'veoShotList';
    item.accessibilityInformation = { label: vscode.l10n.t('Shot list {0}: {1}', path.basename(file), description) };
    item.command = { command: BUILT_IN.open, title: vscode.l10n.t('Open Shot List'), arguments: [vscode.Uri.file(file)] };
    return item;
  }

  private waitingItem(key: string, file: string, shot: WaitingShot): vscode.TreeItem {
    const item = new vscode.TreeItem(shortPrompt(shot.prompt), vscode.TreeItemCollapsibleState.None);
    item.id = key;
    item.description = vscode.l10n.t('Waiting for a free slot');
    item.tooltip = `${shot.prompt}\n\n${vscode.l10n.t('Shot {0} of {1}: sent when one of its running shots ends (veoStudio.maxConcurrentJobs).', shot.index + 1, path.basename(file))}`;
    item.iconPath = new vscode.ThemeIcon('clock');
    item.accessibilityInformation = { label: `${shot.prompt}. ${vscode.l10n.t('Waiting for a free slot')}` };
    return item;
  }

  private scheduleTick(): void {
    if (this.tick || !this.visible || !this.jobs.all().some(isActive)) return;
    this.tick = setTimeout(() => {
      this.tick = undefined;
      for (const job of this.jobs.all()) if (isActive(job)) this._onDidChangeTreeData.fire(job.id);
      this.scheduleTick();
    }, TICK_MS);
  }

  dispose(): void {
    if (this.tick) clearTimeout(this.tick);
    for (const s of this.subscriptions) s.dispose();
    this._onDidChangeTreeData.dispose();
  }
}

export function registerJobsView({ manager, shotListRuns }: Services): vscode.Disposable {
  const jobs = manager.store;
  const provider = new JobsTreeProvider(jobs, shotListRuns);
  const view = vscode.window.createTreeView(VIEWS.jobs, { treeDataProvider: provider, showCollapseAll: false });
  provider.setVisible(view.visible);
  const updateBadge = () => {
    const running = jobs.all().filter(isActive).length;
    view.badge = running ? { value: running, tooltip: `${running} video job${running === 1 ? '' : 's'} running` } : undefined;
  };
  updateBadge();
  return vscode.Disposable.from(
    provider,
    view,
    view.onDidChangeVisibility((e) => provider.setVisible(e.visible)),
    jobs.onDidChange(updateBadge),
    jobs.onDidChange(({ job, previous, removed }) => {
      // A new link in a chain: show it under its source (after the tree has its rows).
      if (!previous && !removed && job.parentId && view.visible) {
        setTimeout(() => {
          if (jobs.get(job.id)) void Promise.resolve(view.reveal(job.id, { select: false, focus: false, expand: true })).catch(() => undefined);
        }, 50);
      }
    }),
  );
}
