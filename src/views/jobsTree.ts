// The Jobs view: every job, newest first, with its state at a glance. It reads the
// JobStore and refreshes only the rows that changed.
import * as vscode from 'vscode';
import { isActive, type Job } from '../core/jobs/job';
import type { JobChange } from '../core/jobs/jobStore';
import type { Event } from '../core/util/events';
import { jobDescription, jobTooltip, shortPrompt } from './jobText';

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
    if (element) return [];
    return this.jobs.all().map((j) => j.id);
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(id: string): vscode.TreeItem {
    const job = this.jobs.get(id);
    if (!job) return new vscode.TreeItem('(removed)');
    const item = new vscode.TreeItem(shortPrompt(job.request.prompt), vscode.TreeItemCollapsibleState.None);
    item.id = job.id;
    item.description = jobDescription(job, Date.now());
    item.tooltip = jobTooltip(job);
    item.iconPath = ICONS[job.status];
    item.contextValue = `veoJob.${job.status}${job.generationId ? '.known' : ''}`;
    item.accessibilityInformation = { label: `${job.request.prompt}. ${jobDescription(job, Date.now())}` };
    if (job.status === 'completed' && job.output) {
      item.resourceUri = vscode.Uri.file(job.output.file);
      item.command = { command: 'vscode.open', title: 'Open Video', arguments: [vscode.Uri.file(job.output.file)] };
    }
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
  );
}
