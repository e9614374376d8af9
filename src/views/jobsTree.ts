// The Jobs view: every job, newest first, with its state at a glance. A job that extends
// another sits under it (the chain reads top to bottom, oldest first); the jobs of a shot
// list sit under a row for the list, in shot order, with its progress. It reads the
// JobStore and refreshes only the rows that changed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { canResume, isActive, type Job } from '../core/jobs/job';
import type { JobChange } from '../core/jobs/jobStore';
import { shotListProgress, type ShotListRunState } from '../core/shotList/runs';
import type { Event } from '../core/util/events';
import { jobDescription, jobTooltip, shortPrompt } from '../core/text/jobText';
import { BUILT_IN, COMMANDS, VIEWS } from '../platform/ids';
import type { Services } from '../platform/services';

interface JobSource {
  all(): readonly Job[];
  get(id: string): Job | undefined;
  readonly onDidChange: Event<JobChange>;
}

/** Shot lists being sent: shots that wait for a slot are not jobs yet. */
export interface ShotListRunSource {
  get(file: string): ShotListRunState | undefined;
  readonly onDidChange: Event<string>;
}

/** Elements are job ids, and this prefix + a shot list's path for the shot list's row. */
const SHOT_LIST = 'veoShotList:';
const shotListElement = (file: string) => `${SHOT_LIST}${file}`;
/** A shot of a list being sent that waits for a free slot (not a job yet). */
const WAITING_SHOT = 'veoShotWaiting:';
const waitingElement = (file: string, index: number) => `${WAITING_SHOT}${index}:${file}`;
function parseWaiting(element: string): { file: string; index: number } | undefined {
  const m = /^veoShotWaiting:(\d+):(.*)$/s.exec(element);
  return m ? { index: Number(m[1]), file: m[2]! } : undefined;
}

/** The shot list a tree element stands for (commands run on its row get the element). */
export function shotListOfElement(element: unknown): string | undefined {
  return typeof element === 'string' && element.startsWith(SHOT_LIST) ? element.slice(SHOT_LIST.length) : undefined;
}

/** Elapsed times of running jobs tick at this pace while the view is visible. */
const TICK_MS = 5_000;

const ICONS: Record<Job['status'], vscode.ThemeIcon> = {
  submitting: new vscode.ThemeIcon('loading~spin'),
  pending: new vscode.ThemeIcon('loading~spin'),
  downloading: new vscode.ThemeIcon('loading~spin'),
  completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  timedOut: new vscode.ThemeIcon('watch', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
};

/** The tree's elements are job ids: VS Code keys rows by element, so ids keep rows stable. */
export class JobsTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private tick: ReturnType<typeof setTimeout> | undefined;
  private visible = false;
  /** Extensions by the job they extend; rebuilt after the list changes. */
  private children: Map<string, Job[]> | undefined;

  constructor(
    private readonly jobs: JobSource,
    private readonly runs?: ShotListRunSource,
  ) {
    this.subscriptions.push(
      jobs.onDidChange((change) => {
        this.children = undefined;
        // Added or removed rows change the list; an update changes one row (and its shot list's progress).
        const update = change.previous && !change.removed;
        this._onDidChangeTreeData.fire(update ? change.job.id : undefined);
        if (update && change.job.shotList) this._onDidChangeTreeData.fire(shotListElement(change.job.shotList.file));
        this.scheduleTick();
      }),
    );
    if (runs) this.subscriptions.push(runs.onDidChange((file) => this._onDidChangeTreeData.fire(shotListElement(file))));
  }

  /** The view reports visibility, so elapsed times only tick when someone can see them. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.scheduleTick();
  }

  getChildren(element?: string): string[] {
    if (!element) {
      // Top level: newest first; a job whose source is gone from the list stands on its own;
      // a shot list's jobs are one row, placed where its newest job would be.
      const rows: string[] = [];
      const seen = new Set<string>();
      for (const job of this.roots()) {
        const row = job.shotList ? shotListElement(job.shotList.file) : job.id;
        if (seen.has(row)) continue;
        seen.add(row);
        rows.push(row);
      }
      return rows;
    }
    if (element.startsWith(SHOT_LIST)) {
      const file = element.slice(SHOT_LIST.length);
      const rows = this.shotListJobs(file).map((j) => ({ index: j.shotList!.index, id: j.id }));
      for (const shot of this.runs?.get(file)?.waitingShots ?? []) rows.push({ index: shot.index, id: waitingElement(file, shot.index) });
      // Stable sort: within one shot, its jobs (oldest first) before a waiting row.
      return rows.sort((a, b) => a.index - b.index).map((r) => r.id);
    }
    return this.childrenOf(element).map((j) => j.id);
  }

  /** Jobs that are not under another job. */
  private roots(): Job[] {
    return this.jobs.all().filter((j) => !j.parentId || !this.jobs.get(j.parentId));
  }

  /** A shot list's own jobs (not their extensions), in shot order; a retry after its first try. */
  private shotListJobs(file: string): Job[] {
    return this.roots()
      .filter((j) => j.shotList?.file === file)
      .sort((a, b) => a.shotList!.index - b.shotList!.index || a.createdAt - b.createdAt);
  }

  /** Jobs that extend this one, oldest first (the order they were made in). */
  private childrenOf(id: string): readonly Job[] {
    if (!this.children) {
      // Built once per change of the list: every row asks whether it has children.
      this.children = new Map();
      for (const job of [...this.jobs.all()].reverse()) {
        if (job.parentId) this.children.set(job.parentId, [...(this.children.get(job.parentId) ?? []), job]);
      }
    }
    return this.children.get(id) ?? [];
  }

  getParent(id: string): string | undefined {
    if (id.startsWith(SHOT_LIST)) return undefined;
    const waiting = parseWaiting(id);
    if (waiting) return shotListElement(waiting.file);
    const job = this.jobs.get(id);
    const parentId = job?.parentId;
    if (parentId && this.jobs.get(parentId)) return parentId;
    return job?.shotList ? shotListElement(job.shotList.file) : undefined;
  }

  getTreeItem(id: string): vscode.TreeItem {
    if (id.startsWith(SHOT_LIST)) return this.shotListItem(id.slice(SHOT_LIST.length));
    const waiting = parseWaiting(id);
    if (waiting) return this.waitingItem(id, waiting.file, waiting.index);
    const job = this.jobs.get(id);
    if (!job) return new vscode.TreeItem('(removed)');
    const hasChildren = this.childrenOf(id).length > 0;
    const item = new vscode.TreeItem(
      shortPrompt(job.request.prompt),
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = job.id;
    item.description = jobDescription(job, Date.now());
    item.tooltip = jobTooltip(job);
    item.iconPath = ICONS[job.status];
    // `veoJob.<status>[.known][.resumable]`: menus match on the prefix.
    item.contextValue = `veoJob.${job.status}${job.generationId ? '.known' : ''}${canResume(job) ? '.resumable' : ''}`;
    item.accessibilityInformation = { label: `${job.request.prompt}. ${jobDescription(job, Date.now())}` };
    if (job.status === 'completed' && job.output) item.resourceUri = vscode.Uri.file(job.output.file);
    // A click shows the job in the preview: its video, or what went wrong and what to do.
    item.command = { command: COMMANDS.openVideo, title: vscode.l10n.t('Open Preview'), arguments: [job.id] };
    return item;
  }

  /** The shot list's row: its file name and how far it got ("2/3 saved · 1 running"). */
  private shotListItem(file: string): vscode.TreeItem {
    const jobs = this.shotListJobs(file);
    const p = shotListProgress(jobs, this.runs?.get(file));
    const parts = [vscode.l10n.t('{0}/{1} saved', p.saved, p.total)];
    if (p.running) parts.push(vscode.l10n.t('{0} running', p.running));
    if (p.waiting) parts.push(vscode.l10n.t('{0} waiting', p.waiting));
    if (p.ended) parts.push(vscode.l10n.t('{0} not saved', p.ended));
    const description = parts.join(' · ');
    const item = new vscode.TreeItem(path.basename(file), vscode.TreeItemCollapsibleState.Expanded);
    item.id = shotListElement(file);
    item.description = description;
    item.tooltip = `${vscode.workspace.asRelativePath(file)}\n${description}`;
    item.iconPath = new vscode.ThemeIcon(p.running || p.waiting ? 'loading~spin' : p.saved === p.total ? 'checklist' : 'list-ordered');
    item.contextValue = 'veoShotList';
    item.accessibilityInformation = { label: vscode.l10n.t('Shot list {0}: {1}', path.basename(file), description) };
    item.command = { command: BUILT_IN.open, title: vscode.l10n.t('Open Shot List'), arguments: [vscode.Uri.file(file)] };
    return item;
  }

  private waitingItem(id: string, file: string, index: number): vscode.TreeItem {
    const prompt = this.runs?.get(file)?.waitingShots?.find((s) => s.index === index)?.prompt ?? '';
    const item = new vscode.TreeItem(shortPrompt(prompt), vscode.TreeItemCollapsibleState.None);
    item.id = id;
    item.description = vscode.l10n.t('Waiting for a free slot');
    item.tooltip = `${prompt}\n\n${vscode.l10n.t('Shot {0} of {1}: sent when one of its running shots ends (veoStudio.maxConcurrentJobs).', index + 1, path.basename(file))}`;
    item.iconPath = new vscode.ThemeIcon('clock');
    item.accessibilityInformation = { label: `${prompt}. ${vscode.l10n.t('Waiting for a free slot')}` };
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
