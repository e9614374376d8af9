// The Jobs view: every job, newest first, with its state at a glance. A job that extends
// another sits under it (the chain reads top to bottom, oldest first). It reads the
// JobStore and refreshes only the rows that changed.
import * as vscode from 'vscode';
import { isActive, type Job } from '../core/jobs/job';
import type { JobChange } from '../core/jobs/jobStore';
import type { Event } from '../core/util/events';
import { canResume, jobDescription, jobTooltip, shortPrompt } from './jobText';

export interface JobSource {
  all(): readonly Job[];
  get(id: string): Job | undefined;
  readonly onDidChange: Event<JobChange>;
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

  constructor(private readonly jobs: JobSource) {
    this.subscriptions.push(
      jobs.onDidChange((change) => {
        // Added or removed rows change the list; an update changes one row.
        this._onDidChangeTreeData.fire(change.previous && !change.removed ? change.job.id : undefined);
        this.scheduleTick();
      }),
    );
  }

  /** The view reports visibility, so elapsed times only tick when someone can see them. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.scheduleTick();
  }

  getChildren(element?: string): string[] {
    const all = this.jobs.all();
    if (!element) {
      // Top level: newest first; a job whose source is gone from the list stands on its own.
      return all.filter((j) => !j.parentId || !this.jobs.get(j.parentId)).map((j) => j.id);
    }
    return this.childrenOf(element).map((j) => j.id);
  }

  /** Jobs that extend this one, oldest first (the order they were made in). */
  private childrenOf(id: string): Job[] {
    return this.jobs
      .all()
      .filter((j) => j.parentId === id)
      .reverse();
  }

  getParent(id: string): string | undefined {
    const parentId = this.jobs.get(id)?.parentId;
    return parentId && this.jobs.get(parentId) ? parentId : undefined;
  }

  getTreeItem(id: string): vscode.TreeItem {
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
    item.command = { command: 'veoStudio.openVideo', title: vscode.l10n.t('Open Preview'), arguments: [job.id] };
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

export function registerJobsView(jobs: JobSource): vscode.Disposable {
  const provider = new JobsTreeProvider(jobs);
  const view = vscode.window.createTreeView('veoStudio.jobs', { treeDataProvider: provider, showCollapseAll: false });
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
