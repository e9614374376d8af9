// The Spending view: what this workspace's videos cost today and this month (against the
// monthly budget), what is still running, per shot list and per job — from the jobs
// themselves — and, when asked (Show Spending, or the view's Refresh), the whole account's
// last 30 days from the service's usage logs and the balance.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Balance } from '../core/api/wire';
import type { Job } from '../core/jobs/job';
import { spending, type Spending } from '../core/money/ledger';
import { shortPrompt } from '../core/text/jobText';
import { formatBalance, formatUsd } from '../core/text/money';
import { registerCommands } from '../platform/commands';
import { BUILT_IN, COMMANDS, SETTINGS, VIEWS } from '../platform/ids';
import type { Services } from '../platform/services';
import { readSettings } from '../platform/settings';

type Row =
  | { readonly kind: 'figure'; readonly id: string; readonly label: string; readonly value: string; readonly tooltip?: string; readonly icon: string }
  | { readonly kind: 'group'; readonly id: 'shotLists' | 'jobs'; readonly label: string }
  | { readonly kind: 'shotList'; readonly file: string; readonly usd: number }
  | { readonly kind: 'job'; readonly job: Job; readonly usd: number; readonly basis: string };

/** What the account said when last asked: its last 30 days and the balance. */
interface Account {
  readonly at: number;
  readonly usd30d?: number;
  readonly requests?: number;
  readonly partial?: boolean;
  readonly balance?: Balance;
  readonly problem?: string;
}

/** Log pages read for the account figure: 200 requests a minute is the limit, and this is one look. */
const MAX_LOG_PAGES = 20;

class SpendingTree implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<Row | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly subscription: vscode.Disposable;
  account: Account | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly services: Services) {
    const listener = services.manager.store.onDidChange(({ job, previous }) => {
      // Only money moves the figures: a cost, an estimate, or a job that started or ended.
      if (!previous || previous.usage !== job.usage || previous.status !== job.status) this.refresh();
    });
    this.subscription = new vscode.Disposable(() => listener.dispose());
  }

  refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  private ledger(): Spending {
    return spending(this.services.manager.store.all(), Date.now());
  }

  getChildren(element?: Row): Row[] {
    const ledger = this.ledger();
    if (!element) return this.figures(ledger);
    if (element.kind !== 'group') return [];
    if (element.id === 'shotLists') return [...ledger.byShotList].sort((a, b) => b[1] - a[1]).map(([file, usd]) => ({ kind: 'shotList' as const, file, usd }));
    const jobs = this.services.manager.store.all();
    return jobs.flatMap((job) => {
      const spend = ledger.byJob.get(job.id);
      return spend ? [{ kind: 'job' as const, job, usd: spend.usd, basis: spend.basis }] : [];
    });
  }

  private figures(ledger: Spending): Row[] {
    const { monthlyUSD, perJobUSD } = readSettings().budgets;
    const count = (since: number) => [...ledger.byJob.values()].filter((s) => s.basis !== 'pending' && s.at >= since).length;
    const now = new Date();
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    const month = new Date(now.getFullYear(), now.getMonth(), 1).getTime();
    const videos = (n: number) => (n === 1 ? vscode.l10n.t('1 video') : vscode.l10n.t('{0} videos', n));
    const estimated = ledger.includesEstimates ? vscode.l10n.t(' (some estimated: the service has not reported every cost yet)') : '';
    const rows: Row[] = [
      { kind: 'figure', id: 'today', icon: 'calendar', label: vscode.l10n.t('Today'), value: `${formatUsd(ledger.today)} · ${videos(count(day))}` },
      {
        kind: 'figure',
        id: 'month',
        icon: 'graph',
        label: vscode.l10n.t('This month'),
        value: monthlyUSD !== undefined ? vscode.l10n.t('{0} of {1} budget', formatUsd(ledger.thisMonth), formatUsd(monthlyUSD)) : `${formatUsd(ledger.thisMonth)} · ${videos(count(month))}`,
        tooltip: vscode.l10n.t('Spent on videos made in this workspace this month{0}.', estimated),
      },
    ];
    if (ledger.running > 0) rows.push({ kind: 'figure', id: 'running', icon: 'loading~spin', label: vscode.l10n.t('Running'), value: vscode.l10n.t('about {0}', formatUsd(ledger.running)) });
    if (perJobUSD !== undefined) rows.push({ kind: 'figure', id: 'perJob', icon: 'shield', label: vscode.l10n.t('Per-video budget'), value: formatUsd(perJobUSD) });
    const a = this.account;
    if (a?.usd30d !== undefined) {
      rows.push({
        kind: 'figure',
        id: 'account',
        icon: 'account',
        label: vscode.l10n.t('Account, last 30 days'),
        value: `${formatUsd(a.usd30d)}${a.partial ? '+' : ''} · ${a.requests === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests', a.requests ?? 0)}`,
        tooltip: vscode.l10n.t(
          'Every request of this key in the last 30 days, from the service’s usage logs (all workspaces and tools). The logs can lag: a video appears with its cost a little after it is made. Asked {0}.',
          new Date(a.at).toLocaleTimeString(),
        ),
      });
    }
    if (a?.balance) rows.push({ kind: 'figure', id: 'balance', icon: 'credit-card', label: vscode.l10n.t('Balance'), value: formatBalance(a.balance) });
    if (a?.problem) rows.push({ kind: 'figure', id: 'problem', icon: 'warning', label: vscode.l10n.t('Account'), value: a.problem });
    if (!a) rows.push({ kind: 'figure', id: 'ask', icon: 'refresh', label: vscode.l10n.t('Account'), value: vscode.l10n.t('Refresh to ask the service') });
    if (ledger.byShotList.size) rows.push({ kind: 'group', id: 'shotLists', label: vscode.l10n.t('Shot lists') });
    if (ledger.byJob.size) rows.push({ kind: 'group', id: 'jobs', label: vscode.l10n.t('Jobs') });
    return rows;
  }

  getTreeItem(row: Row): vscode.TreeItem {
    switch (row.kind) {
      case 'figure': {
        const item = new vscode.TreeItem(row.label);
        item.id = `figure:${row.id}`;
        item.description = row.value;
        item.tooltip = row.tooltip ?? `${row.label}: ${row.value}`;
        item.iconPath = new vscode.ThemeIcon(row.icon);
        item.accessibilityInformation = { label: `${row.label}: ${row.value}` };
        if (row.id === 'ask' || row.id === 'problem') item.command = { command: COMMANDS.showSpending, title: vscode.l10n.t('Refresh') };
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(row.label, row.id === 'shotLists' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group:${row.id}`;
        return item;
      }
      case 'shotList': {
        const item = new vscode.TreeItem(path.basename(row.file));
        item.id = `shotList:${row.file}`;
        item.description = formatUsd(row.usd);
        item.tooltip = `${vscode.workspace.asRelativePath(row.file)}: ${formatUsd(row.usd)}`;
        item.iconPath = new vscode.ThemeIcon('list-ordered');
        item.command = { command: BUILT_IN.open, title: vscode.l10n.t('Open Shot List'), arguments: [vscode.Uri.file(row.file)] };
        return item;
      }
      case 'job': {
        const item = new vscode.TreeItem(shortPrompt(row.job.request.prompt, 40));
        item.id = `job:${row.job.id}`;
        const word = row.basis === 'actual' ? '' : row.basis === 'estimated' ? vscode.l10n.t(' (estimated)') : vscode.l10n.t(' (running)');
        item.description = `${row.basis === 'actual' ? '' : '≈ '}${formatUsd(row.usd)}${word}`;
        item.tooltip = [row.job.request.prompt, '', row.job.estimate ? vscode.l10n.t('Estimated: {0} ({1})', formatUsd(row.job.estimate.usd), row.job.estimate.basis) : '', row.job.usage?.usd !== undefined ? vscode.l10n.t('Actual: {0}', formatUsd(row.job.usage.usd)) : '']
          .filter(Boolean)
          .join('\n');
        item.iconPath = new vscode.ThemeIcon(row.basis === 'actual' ? 'pass' : 'circle-outline');
        item.command = { command: COMMANDS.openVideo, title: vscode.l10n.t('Open Preview'), arguments: [row.job.id] };
        return item;
      }
    }
  }

  /** Asks the service for the account's last 30 days and the balance (one look, bounded). */
  refreshAccount(): Promise<void> {
    this.refreshing ??= this.askAccount().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async askAccount(): Promise<void> {
    const { client, keys } = this.services;
    // A secret storage that fails (told once by the key store) shows as the row's problem.
    const hasKey = await keys.has().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (hasKey !== true) {
      this.account = { at: Date.now(), problem: hasKey ? hasKey.message : vscode.l10n.t('Set your API key to see the account') };
      this._onDidChangeTreeData.fire(undefined);
      return;
    }
    const [logs, balance] = await Promise.allSettled([this.sumLogs(), client.getBalance({ timeoutMs: 8_000 })]);
    const problem = logs.status === 'rejected' ? (logs.reason instanceof Error ? logs.reason.message : String(logs.reason)) : undefined;
    this.account = {
      at: Date.now(),
      ...(logs.status === 'fulfilled' ? logs.value : {}),
      ...(balance.status === 'fulfilled' ? { balance: balance.value } : {}),
      ...(problem ? { problem } : {}),
    };
    this._onDidChangeTreeData.fire(undefined);
  }

  private async sumLogs(): Promise<{ usd30d: number; requests: number; partial: boolean }> {
    let usd = 0;
    let requests = 0;
    for (let page = 0; page < MAX_LOG_PAGES; page++) {
      const result = await this.services.client.getLogs({ period: '30d', limit: 100, offset: page * 100 }, { timeoutMs: 10_000 });
      for (const row of result.rows) usd += row.usd;
      requests += result.rows.length;
      if (!result.hasMore) return { usd30d: usd, requests, partial: false };
    }
    return { usd30d: usd, requests, partial: true };
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChangeTreeData.dispose();
  }
}

export function registerSpendingView(services: Services): vscode.Disposable {
  const tree = new SpendingTree(services);
  const view = vscode.window.createTreeView(VIEWS.spending, { treeDataProvider: tree });
  // Opened by a click as well as by the command: the account is asked for the first time it shows.
  const askOnce = (visible: boolean) => {
    if (visible && !tree.account) void tree.refreshAccount();
  };
  askOnce(view.visible);
  return vscode.Disposable.from(
    tree,
    view,
    view.onDidChangeVisibility((e) => askOnce(e.visible)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS.section}.budget`)) tree.refresh();
    }),
    registerCommands(services.log, [
      {
        id: COMMANDS.showSpending,
        run: async () => {
          await vscode.commands.executeCommand(`${VIEWS.spending}.focus`);
          await tree.refreshAccount();
          // What the view shows, for automation and tests.
          const ledger = spending(services.manager.store.all(), Date.now());
          return { today: ledger.today, thisMonth: ledger.thisMonth, running: ledger.running, account: tree.account };
        },
      },
    ]),
  );
}
