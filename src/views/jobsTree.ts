// The Jobs view: every job with its state at a glance, the jobs of a shot list under a row
// with its progress, the takes of a shot under the shot with the chosen one marked, and a
// poster for each saved video (its input image, or its first frame once a page decoded
// it). Which rows and in which order (newest first, extensions and continuations under
// their source, …) is jobRows.ts's; this file draws them, reads the JobStore and refreshes
// only the rows that changed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { canResume, isActive, mayHaveRun, type Job } from '../core/jobs/job';
import type { JobChange } from '../core/jobs/jobStore';
import { MEDIA_KINDS, refsOf } from '../core/catalog/media';
import { shotListProgress, type ShotListRunState } from '../core/shotList/runs';
import type { ShotState } from '../core/shotList/takes';
import type { Event } from '../core/util/events';
import { jobDescription, jobTooltip, shortPrompt } from '../core/text/jobText';
import { BUILT_IN, COMMANDS, VIEWS } from '../platform/ids';
import type { Services } from '../platform/services';
import { jobRows, shotKey, shotListKey, type JobRowTree, type WaitingShot } from './jobRows';

interface JobSource {
  all(): readonly Job[];
  readonly onDidChange: Event<JobChange>;
}

/** Shot lists being sent: shots that wait for a slot are not jobs yet. */
export interface ShotListRunSource {
  get(file: string): ShotListRunState | undefined;
  readonly onDidChange: Event<string>;
}

/** Posters and chosen takes: what the tree shows beside the jobs themselves. */
export interface TreeExtras {
  readonly posters?: { get(video: string, bytes?: number): vscode.Uri | undefined; readonly onDidChange: Event<string> };
  readonly takes?: {
    chosen(file: string, index: number): { readonly jobId?: string; readonly video?: string; readonly take: number; readonly byPerson: boolean } | undefined;
    /** Each shot's state as last worked out (undefined until then). */
    states?(file: string): readonly ShotState[] | undefined;
    readonly onDidChange: Event<string>;
  };
}

/** How much of a prompt a row's accessible label carries (the tooltip has all of it). */
const ACCESSIBLE_PROMPT = 160;

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
  /**
   * Rows of ended jobs as last drawn: a job is a new object whenever it changes, so one that is
   * the same object, with the same children, draws the same row. A refresh after a job is
   * added then draws one row, not 1,000. Posters and chosen takes clear it.
   */
  private readonly drawn = new Map<string, { readonly job: Job; readonly hasChildren: boolean; readonly item: vscode.TreeItem }>();

  constructor(
    private readonly jobs: JobSource,
    private readonly runs?: ShotListRunSource,
    private readonly extras: TreeExtras = {},
  ) {
    this.subscriptions.push(
      jobs.onDidChange((change) => {
        this.layout = undefined;
        if (change.removed) this.drawn.delete(change.job.id);
        // Added or removed rows change the list; an update changes one row (and its shot list's progress).
        const update = change.previous && !change.removed;
        this._onDidChangeTreeData.fire(update ? change.job.id : undefined);
        if (update && change.job.shotList) this._onDidChangeTreeData.fire(shotListKey(change.job.shotList.file));
        this.scheduleTick();
      }),
    );
    // A poster made, a take chosen: the rows they show on are drawn again.
    const redrawAll = () => {
      this.drawn.clear();
      this._onDidChangeTreeData.fire(undefined);
    };
    if (extras.posters) this.subscriptions.push(extras.posters.onDidChange(redrawAll));
    if (extras.takes) this.subscriptions.push(extras.takes.onDidChange(redrawAll));
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
      case 'shot':
        return this.shotItem(row.file, row.index, row.jobs);
      case 'waiting':
        return this.waitingItem(row.key, row.file, row.shot);
      default:
        return new vscode.TreeItem('(removed)');
    }
  }

  /**
   * The tooltip, built when a row is hovered: with the whole prompt it is most of a row's
   * bytes, and a refresh of 1,000 rows would otherwise build and send every one of them.
   */
  resolveTreeItem(item: vscode.TreeItem, element: string): vscode.TreeItem {
    const row = this.rows().row(element);
    switch (row?.kind) {
      case 'job':
        item.tooltip = jobTooltip(row.job);
        break;
      case 'shot': {
        const prompt = row.jobs.at(-1)?.request.prompt ?? '';
        item.tooltip = `${prompt}\n\n${vscode.l10n.t('Shot {0} of {1}', row.index + 1, path.basename(row.file))}\n${String(item.description ?? '')}`;
        break;
      }
      case 'shotList':
        item.tooltip = `${vscode.workspace.asRelativePath(row.file)}\n${String(item.description ?? '')}`;
        break;
      case 'waiting':
        item.tooltip = `${row.shot.prompt}\n\n${vscode.l10n.t('Shot {0} of {1}: sent when one of its running shots ends (veoStudio.maxConcurrentJobs).', row.shot.index + 1, path.basename(row.file))}`;
        break;
    }
    return item;
  }

  private jobItem(job: Job): vscode.TreeItem {
    const hasChildren = this.rows().children(job.id).length > 0;
    const last = this.drawn.get(job.id);
    // A copy: resolveTreeItem adds the tooltip to the item VS Code hovered, not to the drawing.
    if (last && last.job === job && last.hasChildren === hasChildren) return Object.assign(new vscode.TreeItem(''), last.item);
    const item = this.drawJob(job, hasChildren);
    // A running job's row shows its elapsed time, drawn anew each tick.
    if (isActive(job)) this.drawn.delete(job.id);
    else this.drawn.set(job.id, { job, hasChildren, item: Object.assign(new vscode.TreeItem(''), item) });
    return item;
  }

  private drawJob(job: Job, hasChildren: boolean): vscode.TreeItem {
    const take = job.shotList?.take;
    const counts = take !== undefined ? this.countsFor(job) : undefined;
    const item = new vscode.TreeItem(
      take !== undefined ? vscode.l10n.t('Take {0}', take) : shortPrompt(job.request.prompt),
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = job.id;
    const description = jobDescription(job, Date.now());
    // The person's choice, or (until they choose) the newest saved take, which counts meanwhile.
    item.description = counts === 'person' ? vscode.l10n.t('★ chosen · {0}', description) : counts === 'newest' ? vscode.l10n.t('☆ newest, counts until one is chosen · {0}', description) : description;
    item.iconPath = this.posterOf(job) ?? ICONS[job.status];
    // `veoJob.<status>[.known][.take][.resumable]`: menus match on the prefix.
    const ofTakes = take !== undefined && job.status === 'completed' ? '.take' : '';
    item.contextValue = `veoJob.${job.status}${job.generationId ? '.known' : ''}${ofTakes}${canResume(job) ? '.resumable' : ''}${mayHaveRun(job) ? '.mayHaveRun' : ''}`;
    // A screen reader hears the prompt's start, as the label shows it; the whole prompt is in the tooltip.
    const prompt = shortPrompt(job.request.prompt, ACCESSIBLE_PROMPT);
    const what = take !== undefined ? vscode.l10n.t('Take {0} of “{1}”{2}', take, prompt, counts === 'person' ? vscode.l10n.t(', chosen') : counts === 'newest' ? vscode.l10n.t(', counts as chosen') : '') : prompt;
    item.accessibilityInformation = { label: `${what}. ${description}` };
    if (job.status === 'completed' && job.output) item.resourceUri = vscode.Uri.file(job.output.file);
    // A click shows the job in the preview: its video, or what went wrong and what to do.
    item.command = { command: COMMANDS.openVideo, title: vscode.l10n.t('Open Preview'), arguments: [job.id] };
    return item;
  }

  /** A saved video's poster: its input image, else its first frame once one was made; none for other jobs. */
  private posterOf(job: Job): vscode.Uri | undefined {
    if (job.status !== 'completed' || !job.output) return undefined;
    const image = MEDIA_KINDS.filter((k) => k.accepts === 'image')
      .flatMap((k) => refsOf(job.request.media, k.field))
      .find((r) => r.kind === 'file');
    if (image?.kind === 'file') return vscode.Uri.file(image.path);
    return this.extras.posters?.get(job.output.file, job.output.bytes);
  }

  /** Whether a take is the one that counts for its shot, and why: the person chose it, or it is the newest (platform/shotTakes.ts). */
  private countsFor(job: Job): 'person' | 'newest' | undefined {
    const list = job.shotList;
    if (!list || job.status !== 'completed') return undefined;
    const chosen = this.extras.takes?.chosen(list.file, list.index);
    const isIt = chosen !== undefined && (chosen.jobId === job.id || (chosen.video !== undefined && chosen.video === job.output?.file));
    return isIt ? (chosen.byPerson ? 'person' : 'newest') : undefined;
  }

  /** A shot of several takes: its number and prompt, how many takes, which one is chosen. */
  private shotItem(file: string, index: number, jobs: readonly Job[]): vscode.TreeItem {
    const prompt = jobs.at(-1)?.request.prompt ?? '';
    const item = new vscode.TreeItem(vscode.l10n.t('Shot {0}: {1}', index + 1, shortPrompt(prompt, 40)), vscode.TreeItemCollapsibleState.Expanded);
    item.id = shotKey(file, index);
    const saved = jobs.filter((j) => j.status === 'completed').length;
    const running = jobs.filter(isActive).length;
    const chosen = jobs.find((j) => this.countsFor(j) === 'person')?.shotList?.take;
    const parts = [vscode.l10n.t('{0} of {1} takes saved', saved, jobs.length)];
    if (running) parts.push(vscode.l10n.t('{0} running', running));
    if (chosen !== undefined) parts.push(vscode.l10n.t('take {0} chosen', chosen));
    else if (saved > 1) parts.push(vscode.l10n.t('none chosen'));
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(running ? 'loading~spin' : 'versions');
    item.contextValue = 'veoShot';
    item.accessibilityInformation = { label: vscode.l10n.t('Shot {0}: {1}. {2}', index + 1, shortPrompt(prompt, ACCESSIBLE_PROMPT), item.description) };
    return item;
  }

  /** The shot list's row: its file name and how far it got ("2/4 saved · 1 running · 1 stale"), over every shot of the file. */
  private shotListItem(file: string, jobs: readonly Job[]): vscode.TreeItem {
    const p = shotListProgress(jobs, this.runs?.get(file), this.extras.takes?.states?.(file));
    const parts = [vscode.l10n.t('{0}/{1} saved', p.saved, p.total)];
    if (p.running) parts.push(vscode.l10n.t('{0} running', p.running));
    if (p.waiting) parts.push(vscode.l10n.t('{0} waiting', p.waiting));
    if (p.stale) parts.push(vscode.l10n.t('{0} stale', p.stale));
    if (p.unsent) parts.push(vscode.l10n.t('{0} not generated', p.unsent));
    if (p.ended) parts.push(vscode.l10n.t('{0} not saved', p.ended));
    const description = parts.join(' · ');
    const item = new vscode.TreeItem(path.basename(file), vscode.TreeItemCollapsibleState.Expanded);
    item.id = shotListKey(file);
    item.description = description;
    item.iconPath = new vscode.ThemeIcon(p.running || p.waiting ? 'loading~spin' : p.saved === p.total ? 'checklist' : 'list-ordered');
    item.contextValue = 'veoShotList';
    item.accessibilityInformation = { label: vscode.l10n.t('Shot list {0}: {1}', path.basename(file), description) };
    item.command = { command: BUILT_IN.open, title: vscode.l10n.t('Open Shot List'), arguments: [vscode.Uri.file(file)] };
    return item;
  }

  private waitingItem(key: string, file: string, shot: WaitingShot): vscode.TreeItem {
    const item = new vscode.TreeItem(shot.take !== undefined ? vscode.l10n.t('Take {0}', shot.take) : shortPrompt(shot.prompt), vscode.TreeItemCollapsibleState.None);
    item.id = key;
    item.description = vscode.l10n.t('Waiting for a free slot');
    item.iconPath = new vscode.ThemeIcon('clock');
    item.accessibilityInformation = { label: `${shortPrompt(shot.prompt, ACCESSIBLE_PROMPT)}. ${vscode.l10n.t('Waiting for a free slot')}` };
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

export function registerJobsView({ manager, shotListRuns, posters, takes }: Services): vscode.Disposable {
  const jobs = manager.store;
  const provider = new JobsTreeProvider(jobs, shotListRuns, { posters, takes });
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
