// The summary box of the generator page: the model, the clip, the estimated cost and the
// balance, how many variations, the Generate button, and the status line that says what
// happened (polite live regions, so a screen reader hears the estimate and the outcome).
import { clipSummary } from '../../../core/text/clip';
import { formatBalance } from '../../../core/text/money';
import type { ModelSpec } from '../../../core/catalog/types';
import { MAX_VARIATIONS } from '../../generator/messages';
import { h, icon } from '../shared/dom';
import { t } from '../shared/l10n';
import type { Issues, PageState } from './pageState';
import { effectiveOptions, offersVariations, variationCount } from './state';
import { balanceTooLow, estimateText, statusText, submitLabel, variationLabel } from './text';

export interface SummaryActions {
  variations(n: number): void;
  submit(): void;
  showJobs(): void;
  setApiKey(): void;
}

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const STATUS_ICONS = { info: 'info', success: 'pass', warning: 'warning', error: 'error' } as const;

export class SummaryView {
  readonly root: HTMLElement;
  private readonly model = h('dd', {});
  private readonly clip = h('dd', {});
  private readonly cost = h('dd', { id: 'estimate', 'aria-live': 'polite' });
  private readonly balance = h('dd', { id: 'balance' });
  private readonly balanceRow: HTMLElement;
  private readonly variationsField: HTMLElement;
  private readonly variations: HTMLSelectElement;
  private readonly submit: HTMLButtonElement;
  private readonly submitText = h('span', { class: 'submit-label' });
  private readonly status = h('div', { id: 'status', role: 'status', 'aria-live': 'polite' });
  /** What the status box shows, to rebuild it (and have it announced) only when it changes. */
  private shownStatus = '';

  constructor(private readonly actions: SummaryActions) {
    this.balanceRow = h('div', { class: 'summary-row', hidden: true }, h('dt', {}, t('Balance')), this.balance);
    this.variations = h('select', { id: 'variations', 'aria-describedby': 'variations-hint' });
    for (let n = 1; n <= MAX_VARIATIONS; n++) this.variations.append(h('option', { value: String(n) }, variationLabel(n, t)));
    this.variations.addEventListener('change', () => actions.variations(Number(this.variations.value)));
    this.variationsField = h(
      'div',
      { class: 'field' },
      h('label', { for: 'variations' }, t('Generate')),
      this.variations,
      h('p', { class: 'hint', id: 'variations-hint' }, t('Variations are separate jobs, each with its own random seed.')),
    );
    this.submit = h('button', { type: 'button', id: 'submit', class: 'primary', onclick: () => actions.submit() }, icon('play'), this.submitText);
    this.submit.setAttribute('aria-keyshortcuts', isMac ? 'Meta+Enter' : 'Control+Enter');
    this.root = h(
      'section',
      { class: 'section summary', 'aria-labelledby': 'h-summary' },
      h('h2', { id: 'h-summary' }, t('Summary')),
      h(
        'dl',
        { class: 'summary-list' },
        h('div', { class: 'summary-row' }, h('dt', {}, t('Model')), this.model),
        h('div', { class: 'summary-row' }, h('dt', {}, t('Clip')), this.clip),
        h('div', { class: 'summary-row' }, h('dt', {}, t('Estimated cost')), this.cost),
        this.balanceRow,
      ),
      this.variationsField,
      h('div', { class: 'actions' }, this.submit, h('span', { class: 'muted shortcut', 'aria-hidden': 'true' }, isMac ? '⌘ Enter' : 'Ctrl+Enter')),
      this.status,
    );
  }

  show(page: PageState, model: ModelSpec, { general }: Issues): void {
    const count = variationCount(model, page.form);
    this.model.textContent = model.label;
    this.clip.textContent = clipSummary(model, effectiveOptions(model, page.form), t) || '—';
    this.variationsField.hidden = !offersVariations(model);
    this.variations.value = String(count);

    const cost = estimateText(page.estimate, count, t);
    const costParts = cost.figure ? [h('strong', {}, cost.figure), ' ', h('span', { class: 'muted' }, cost.detail)] : [h('span', { class: 'muted' }, cost.detail)];
    replaceIfChanged(this.cost, costParts);

    this.balanceRow.hidden = page.balance === null;
    if (page.balance) {
      const low = balanceTooLow(page.estimate, count, page.balance);
      replaceIfChanged(this.balance, [formatBalance(page.balance), low ? h('span', { class: 'warning-text' }, ' ', icon('warning'), ' ', t('less than the estimate')) : '']);
    }
    this.submitText.textContent = submitLabel(page.submitting, count, t);
    this.submit.setAttribute('aria-disabled', String(page.submitting));
    this.submit.classList.toggle('busy', page.submitting);
    this.showStatus(page, general);
  }

  private showStatus(page: PageState, general: Issues['general']): void {
    const s = page.status;
    const key = JSON.stringify([s, general]);
    if (key === this.shownStatus) return;
    this.shownStatus = key;
    this.status.replaceChildren();
    if (!s && !general.length) return;
    const kind = s?.kind ?? 'error';
    const box = h('div', { class: `banner ${kind === 'success' || kind === 'info' ? '' : kind}` }, icon(STATUS_ICONS[kind]));
    const text = h('div', { class: 'banner-text' });
    if (s) text.append(h('p', {}, statusText(s, t)));
    if (s?.detail) text.append(h('p', { class: 'warning-text' }, s.detail));
    for (const issue of general) text.append(h('p', {}, issue.field && issue.field !== 'request' ? `${issue.field}: ${issue.message}` : issue.message));
    box.append(text);
    if (s?.action === 'showJobs') box.append(h('button', { type: 'button', class: 'secondary', onclick: () => this.actions.showJobs() }, icon('list-unordered'), t('Show Jobs')));
    if (s?.action === 'setApiKey') box.append(h('button', { type: 'button', class: 'secondary', onclick: () => this.actions.setApiKey() }, icon('key'), t('Set API Key')));
    this.status.append(box);
  }
}

/** Replaces an element's content only when its text changes, so a live region speaks only then. */
function replaceIfChanged(el: HTMLElement, parts: Array<Node | string>): void {
  const next = parts.map((p) => (typeof p === 'string' ? p : p.textContent)).join('');
  if (el.textContent === next) return;
  el.replaceChildren(...parts);
}
