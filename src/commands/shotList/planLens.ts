// The priced plan of a shot list, in the editor: a CodeLens on the list says how many shots
// a run would send (those not generated or changed since their take), what they would cost
// against the balance and the budget; one on each shot says its state and what it costs
// ("≈ $3.20 · stale (prompt)") with its actions — Generate This Shot, Open, Choose Take…,
// Compare Takes. The state is the one the run itself uses (platform/shotTakes.ts).
import * as vscode from 'vscode';
import type { PricedPlan } from '../../core/money/plan';
import { ParsedShotList } from '../../core/shotList/parse';
import { runEntries, type ShotStatus } from '../../core/shotList/takes';
import type { PlannedShot } from '../../core/shotList/validate';
import { formatBalance, formatUsd } from '../../core/text/money';
import { COMMANDS } from '../../platform/ids';
import type { Services } from '../../platform/services';
import { priceRequests } from '../../platform/spending';
import { AccountCache } from '../../webview/generator/account';
import { stateText } from './messages';

const ICONS: Readonly<Record<ShotStatus['state'], string>> = { saved: '$(pass)', stale: '$(warning)', notGenerated: '$(circle-large-outline)', generating: '$(sync~spin)' };

/** A lens that only says something (no command to run). */
const label = (range: vscode.Range, title: string, tooltip?: string) => new vscode.CodeLens(range, { title, command: '', ...(tooltip ? { tooltip } : {}) });

export class ShotListPlanLens implements vscode.CodeLensProvider {
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this._onDidChange.event;
  private readonly account: AccountCache;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: Services) {
    this.account = new AccountCache(services);
    this.subscriptions = [services.takes.onDidChange(() => this._onDidChange.fire()), this._onDidChange];
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const text = document.getText();
    const parsed = new ParsedShotList(text);
    if (!parsed.document) return [];
    const { plan, shots } = await this.services.takes.list(document.uri.fsPath, { text });
    if (token.isCancellationRequested) return [];
    const { entries } = runEntries(plan.shots, shots);
    const perShot = await priceRequests(this.services, plan.shots.flatMap((s) => Array.from({ length: s.takes }, () => s.request)));
    const run = await priceRequests(this.services, entries.map((e) => e.shot.request));
    const account = await Promise.race([this.account.get(false), new Promise<undefined>((r) => setTimeout(r, 3_000))]);
    if (token.isCancellationRequested) return [];

    const at = (offset: number) => new vscode.Range(document.positionAt(offset), document.positionAt(offset));
    const lenses: vscode.CodeLens[] = [];
    const top = at(0);
    const sending = new Set(entries.map((e) => e.shot.index)).size;
    if (!plan.shots.length) {
      lenses.push(label(top, vscode.l10n.t('$(error) Nothing can be sent: see the Problems panel')));
    } else if (!entries.length) {
      lenses.push(label(top, vscode.l10n.t('$(pass) Plan: all {0} shots are saved and match their takes — nothing to send', plan.shots.length)));
    } else {
      lenses.push(
        new vscode.CodeLens(top, {
          title: vscode.l10n.t('$(run-all) Plan: {0} of {1} shots to send ({2} videos){3}', sending, plan.total, entries.length, costPart(run, run.totalUsd)),
          command: COMMANDS.generateShotList,
          arguments: [document.uri],
          tooltip: vscode.l10n.t('Generate Shot List sends these, after one question with every price.'),
        }),
      );
    }
    const money = moneyText(run, account?.balance);
    if (money) lenses.push(label(top, money));

    let position = 0;
    const byIndex = new Map<number, { shot: PlannedShot; usd: number; unpriced: boolean }>();
    for (const shot of plan.shots) {
      const estimates = perShot.estimates.slice(position, position + shot.takes);
      position += shot.takes;
      byIndex.set(shot.index, { shot, usd: estimates.reduce((sum, e) => sum + (e?.usd ?? 0), 0), unpriced: estimates.some((e) => !e) });
    }
    for (const status of shots) {
      const range = at(parsed.rangeOf(['shots', status.index]).offset);
      const priced = byIndex.get(status.index);
      if (!priced) {
        lenses.push(label(range, vscode.l10n.t('$(error) Shot {0} has problems: see the Problems panel', status.index + 1)));
        continue;
      }
      const cost = priced.unpriced && priced.usd === 0 ? vscode.l10n.t('price unknown') : vscode.l10n.t('≈ {0}', formatUsd(priced.usd));
      const takes = priced.shot.takes > 1 ? vscode.l10n.t(' for {0} takes', priced.shot.takes) : '';
      // A shot's only take needs no number.
      const numbered = status.takes.length > 1 || priced.shot.takes > 1;
      const chosen = status.chosen && numbered ? vscode.l10n.t(' · take {0}{1}', status.chosen.take, status.chosenByPerson ? vscode.l10n.t(' (chosen)') : '') : '';
      lenses.push(label(range, `${ICONS[status.state]} ${cost}${takes} · ${stateText(status)}${chosen}`));
      lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Generate This Shot'), command: COMMANDS.generateShotList, arguments: [{ file: document.uri, shots: [status.index + 1] }] }));
      const chosenTake = status.chosen;
      if (chosenTake?.video) {
        lenses.push(
          new vscode.CodeLens(range, chosenTake.jobId ? { title: vscode.l10n.t('Open'), command: COMMANDS.openVideo, arguments: [chosenTake.jobId] } : { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [vscode.Uri.file(chosenTake.video)] }),
        );
      }
      const saved = status.takes.filter((t) => t.status === 'saved');
      if (saved.length > 1) {
        lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Choose Take…'), command: COMMANDS.chooseTake, arguments: [{ list: document.uri.fsPath, shot: status.index + 1 }] }));
        // The take that counts beside the newest other one.
        const other = [...saved].reverse().find((t) => t !== chosenTake);
        if (chosenTake?.video && other?.video) {
          lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Compare Takes'), command: COMMANDS.compareVideos, arguments: [{ left: vscode.Uri.file(chosenTake.video), right: vscode.Uri.file(other.video) }] }));
        }
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** " · ≈ $4.80", with the count of videos without a price. */
function costPart(plan: PricedPlan, usd: number): string {
  if (plan.unpriced === plan.estimates.length) return vscode.l10n.t(' · price unknown');
  return plan.unpriced ? vscode.l10n.t(' · ≈ {0} + {1} unpriced', formatUsd(usd), plan.unpriced) : vscode.l10n.t(' · ≈ {0}', formatUsd(usd));
}

/** The balance and the budgets, against what the run would cost. */
function moneyText(run: PricedPlan, balance: { amount: number; currency: string } | undefined): string | undefined {
  const parts: string[] = [];
  if (balance) {
    const short = balance.currency.toUpperCase() === 'USD' && run.totalUsd > balance.amount;
    parts.push(short ? vscode.l10n.t('$(warning) balance {0}: not enough', formatBalance(balance)) : vscode.l10n.t('balance {0}', formatBalance(balance)));
  }
  const { budgets, ledger, check } = run;
  if (budgets.monthlyUSD !== undefined) {
    const left = Math.max(0, budgets.monthlyUSD - ledger.thisMonth - ledger.running);
    parts.push(check.monthlyAfter !== undefined ? vscode.l10n.t('$(warning) over the monthly budget ({0} left of {1})', formatUsd(left), formatUsd(budgets.monthlyUSD)) : vscode.l10n.t('{0} left of the monthly budget of {1}', formatUsd(left), formatUsd(budgets.monthlyUSD)));
  }
  if (budgets.perJobUSD !== undefined) {
    parts.push(check.overPerJob.length ? vscode.l10n.t('$(warning) {0} video(s) over the per-video budget of {1}', check.overPerJob.length, formatUsd(budgets.perJobUSD)) : vscode.l10n.t('each within the per-video budget of {0}', formatUsd(budgets.perJobUSD)));
  }
  return parts.length ? parts.join(' · ') : undefined;
}
