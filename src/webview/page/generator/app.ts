// The generator page: builds the form from the catalog, keeps it in step with the state,
// validates as the person edits, and talks to the extension only through the typed channel.
import { GROUP_LABELS, type MediaField, type ModelSpec, type OptionValue } from '../../../core/catalog/types';
import { MAX_PROMPT_LENGTH, type FieldIssue } from '../../../core/catalog/catalog';
import { clipSummary } from '../../../core/text/clip';
import { formatBalance, formatRate, formatUsd } from '../../../core/text/money';
import { MAX_VARIATIONS, type ExtensionMessage, type MediaItem, type MediaSource, type PageMessage, type Prefill, type WorkspaceEntry } from '../../generator/messages';
import { clear, h, icon } from '../shared/dom';
import type { AnswerOf, NoticeOf, PageChannel } from '../shared/channel';
import { errorLine, optionField, type ErrorLine, type FieldView } from './controls';
import { SlotView } from './slots';
import {
  applyPrefill,
  draftOf,
  effectiveOptions,
  modelMedia,
  modelOf,
  modelsByGroup,
  offersVariations,
  restoreState,
  shownValue,
  validate,
  variationCount,
  type FormState,
} from './state';

type GeneratorChannel = PageChannel<ExtensionMessage, PageMessage, FormState>;
type Answer = AnswerOf<ExtensionMessage>;
type Status = {
  kind: 'info' | 'success' | 'warning' | 'error';
  text: string;
  action?: 'showJobs' | 'setApiKey';
  detail?: string;
  /** The page's own "fix the fields" note: it goes away once they are fixed. */
  local?: boolean;
};
/** The problems to show: on their field, or in the status box for those with no field here. */
type Issues = { byField: Map<string, string>; general: FieldIssue[] };
type EstimateView = { state: 'loading' } | { state: 'none' } | { state: 'ok'; usd: number; usdPerSecond: number; seconds: number };

const numberFormat = new Intl.NumberFormat();
const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

export class GeneratorApp {
  private state: FormState;
  private images: readonly WorkspaceEntry[] = [];
  private videos: readonly WorkspaceEntry[] = [];
  private hasKey = true;
  private balance: { amount: number; currency: string } | null = null;
  private estimate: EstimateView = { state: 'loading' };
  private estimateId = 0;
  private estimateTimer: ReturnType<typeof setTimeout> | undefined;
  /** Model and options of the last estimate asked for: typing a negative prompt needs no new one. */
  private estimateKey = '';
  private nextId = 1;
  /** addMedia requests in flight, by id. */
  private readonly pendingMedia = new Map<number, MediaField>();
  /** Why the extension refused the last thing put into a slot (cleared by the next success). */
  private readonly refusals = new Map<MediaField, string>();
  private submitting: number | undefined;
  private status: Status | undefined;

  // The parts of the page that change.
  private readonly modelSelect: HTMLSelectElement;
  private readonly modelDescription: HTMLElement;
  private readonly modelError: ErrorLine;
  private readonly prompt: HTMLTextAreaElement;
  private readonly promptCount: HTMLElement;
  private readonly promptError: ErrorLine;
  private readonly textOptions: HTMLElement;
  private readonly optionsSection: HTMLElement;
  private readonly optionsGrid: HTMLElement;
  private readonly optionsChecks: HTMLElement;
  private readonly mediaSection: HTMLElement;
  private readonly mediaHeading: HTMLElement;
  private readonly slotsBox: HTMLElement;
  private readonly keyBanner: HTMLElement;
  private readonly summaryModel: HTMLElement;
  private readonly summaryClip: HTMLElement;
  private readonly summaryCost: HTMLElement;
  private readonly balanceRow: HTMLElement;
  private readonly summaryBalance: HTMLElement;
  private readonly variationsField: HTMLElement;
  private readonly variationsSelect: HTMLSelectElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly statusBox: HTMLElement;
  private optionViews = new Map<string, FieldView>();
  private slotViews = new Map<MediaField, SlotView>();
  private renderedModel: string | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly channel: GeneratorChannel,
  ) {
    this.state = restoreState(channel.getState());

    // ---- model ----
    this.modelSelect = h('select', { id: 'model', 'aria-describedby': 'model-description' });
    for (const [group, models] of modelsByGroup()) {
      const optgroup = h('optgroup', { label: GROUP_LABELS[group] });
      for (const m of models) optgroup.append(h('option', { value: m.id, title: m.description }, m.label));
      this.modelSelect.append(optgroup);
    }
    this.modelSelect.addEventListener('change', () => this.update({ model: this.modelSelect.value }, 'model'));
    this.modelDescription = h('p', { class: 'hint', id: 'model-description' });
    this.modelError = errorLine(this.modelSelect, 'model-error', ['model-description']);

    // ---- prompt ----
    this.prompt = h('textarea', {
      id: 'prompt',
      rows: 6,
      placeholder: 'Describe the scene: subject, action, camera, style, sound. E.g. “A paper boat drifts down a rain-soaked street at dusk, close-up, soft piano.”',
    });
    this.prompt.addEventListener('input', () => this.update({ prompt: this.prompt.value }, 'prompt'));
    this.promptCount = h('span', { class: 'counter', id: 'prompt-count', 'aria-live': 'polite' });
    this.promptError = errorLine(this.prompt, 'prompt-error', ['prompt-count']);
    this.textOptions = h('div', { class: 'text-options' });

    // ---- options and media ----
    this.optionsGrid = h('div', { class: 'options-grid' });
    this.optionsChecks = h('div', { class: 'options-checks' });
    this.optionsSection = h('section', { class: 'section', 'aria-labelledby': 'h-options' }, h('h2', { id: 'h-options' }, 'Options'), this.optionsGrid, this.optionsChecks);
    this.mediaHeading = h('h2', { id: 'h-media' }, 'Images');
    this.slotsBox = h('div', { class: 'slots' });
    this.mediaSection = h('section', { class: 'section', 'aria-labelledby': 'h-media' }, this.mediaHeading, this.slotsBox);

    // ---- summary ----
    this.summaryModel = h('dd', {});
    this.summaryClip = h('dd', {});
    this.summaryCost = h('dd', { id: 'estimate', 'aria-live': 'polite' });
    this.summaryBalance = h('dd', { id: 'balance' });
    this.balanceRow = h('div', { class: 'summary-row', hidden: true }, h('dt', {}, 'Balance'), this.summaryBalance);
    this.variationsSelect = h('select', { id: 'variations', 'aria-describedby': 'variations-hint' });
    for (let n = 1; n <= MAX_VARIATIONS; n++) this.variationsSelect.append(h('option', { value: String(n) }, n === 1 ? '1 video' : `${n} variations`));
    this.variationsSelect.addEventListener('change', () => this.update({ variations: Number(this.variationsSelect.value) }));
    this.variationsField = h(
      'div',
      { class: 'field' },
      h('label', { for: 'variations' }, 'Generate'),
      this.variationsSelect,
      h('p', { class: 'hint', id: 'variations-hint' }, 'Variations are separate jobs, each with its own random seed.'),
    );
    this.submitButton = h('button', { type: 'button', id: 'submit', class: 'primary', onclick: () => this.submit() }, icon('play'), h('span', { class: 'submit-label' }, 'Generate'));
    this.statusBox = h('div', { id: 'status', role: 'status', 'aria-live': 'polite' });

    this.keyBanner = h(
      'div',
      { class: 'banner warning key-banner', hidden: true },
      icon('key'),
      h('span', {}, 'Veo Studio needs your AI/ML API key to generate videos. It stays in VS Code’s secret storage.'),
      h('button', { type: 'button', class: 'secondary', onclick: () => this.channel.post({ type: 'setApiKey' }) }, 'Set API Key'),
    );

    const shortcut = isMac ? '⌘ Enter' : 'Ctrl+Enter';
    root.append(
      h(
        'header',
        { class: 'page-header' },
        h('h1', {}, icon('wand'), ' Generate a video'),
        h('p', { class: 'muted' }, 'Google Veo 3.1 through the AI/ML API. Jobs run in the background; this form stays as it is for the next one.'),
      ),
      this.keyBanner,
      h(
        'div',
        { class: 'layout' },
        h(
          'div',
          { class: 'col col-form' },
          h(
            'section',
            { class: 'section', 'aria-label': 'Model and prompt' },
            h('div', { class: 'field' }, h('label', { for: 'model' }, 'Model'), this.modelSelect, this.modelDescription, this.modelError.el),
            h(
              'div',
              { class: 'field' },
              h('div', { class: 'label-row' }, h('label', { for: 'prompt' }, 'Prompt'), this.promptCount),
              this.prompt,
              this.promptError.el,
            ),
            this.textOptions,
          ),
          this.optionsSection,
        ),
        h(
          'div',
          { class: 'col col-side' },
          this.mediaSection,
          h(
            'section',
            { class: 'section summary', 'aria-labelledby': 'h-summary' },
            h('h2', { id: 'h-summary' }, 'Summary'),
            h(
              'dl',
              { class: 'summary-list' },
              h('div', { class: 'summary-row' }, h('dt', {}, 'Model'), this.summaryModel),
              h('div', { class: 'summary-row' }, h('dt', {}, 'Clip'), this.summaryClip),
              h('div', { class: 'summary-row' }, h('dt', {}, 'Estimated cost'), this.summaryCost),
              this.balanceRow,
            ),
            this.variationsField,
            h('div', { class: 'actions' }, this.submitButton, h('span', { class: 'muted shortcut', 'aria-hidden': 'true' }, shortcut)),
            this.statusBox,
          ),
        ),
      ),
    );
    this.submitButton.setAttribute('aria-keyshortcuts', isMac ? 'Meta+Enter' : 'Control+Enter');

    window.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        this.submit();
      }
    });
    // A file dropped beside a slot must not make the webview navigate to it.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());

    channel.onMessage((m) => this.onMessage(m));
    this.render();
    root.removeAttribute('aria-busy');
    channel.post({ type: 'ready' });
  }

  // ---- state ---------------------------------------------------------------------------------

  /** Changes the state, marks the field as visited, saves, and re-renders what depends on it. */
  private update(patch: Partial<FormState>, touched?: string): void {
    const next: FormState = { ...this.state, ...patch };
    const fresh = touched && !next.touched.includes(touched) ? [...next.touched, touched] : next.touched;
    // A field the person changed is no longer what the service complained about.
    const serviceIssues = touched ? next.serviceIssues.filter((i) => i.field !== touched) : next.serviceIssues;
    this.state = { ...next, touched: fresh, serviceIssues };
    if (touched) this.refusals.delete(touched as MediaField);
    // A new model asks for its estimate when render() builds its controls.
    if (patch.options !== undefined || patch.variations !== undefined) this.requestEstimate();
    this.channel.setState(this.state);
    this.render();
  }

  private setOption(key: string, value: OptionValue | undefined): void {
    const options = { ...this.state.options };
    if (value === undefined) delete options[key];
    else options[key] = value;
    this.update({ options }, key);
  }

  private setMedia(field: MediaField, items: MediaItem[]): void {
    this.update({ media: { ...this.state.media, [field]: items } }, field);
  }

  // ---- rendering -----------------------------------------------------------------------------

  private render(): void {
    const model = modelOf(this.state);
    if (this.renderedModel !== model.id) {
      this.renderModel(model);
      this.renderedModel = model.id;
      this.requestEstimate();
    }
    if (this.modelSelect.value !== model.id) this.modelSelect.value = model.id;
    if (this.prompt.value !== this.state.prompt) this.prompt.value = this.state.prompt;
    const length = this.state.prompt.length;
    this.promptCount.textContent = `${numberFormat.format(length)} / ${numberFormat.format(MAX_PROMPT_LENGTH)}`;
    this.promptCount.classList.toggle('over', length > MAX_PROMPT_LENGTH);

    const media = modelMedia(model, this.state);
    for (const [field, view] of this.slotViews) view.update(media[field] ?? [], view.slot.accepts === 'image' ? this.images : this.videos);

    // The catalog's verdict, once per render: the page's own "fix the fields" note goes away
    // as soon as there is nothing left to fix.
    const problems = validate(this.state);
    if (this.status?.local && !problems.length) this.status = undefined;
    const issues = this.issues(problems);
    this.renderIssues(issues);
    this.renderSummary(model);
    this.renderStatus(issues);
    this.keyBanner.hidden = this.hasKey;
  }

  /** Builds the controls that depend on the model: options and media slots. */
  private renderModel(model: ModelSpec): void {
    this.modelDescription.textContent = model.description;
    clear(this.textOptions);
    clear(this.optionsGrid);
    clear(this.optionsChecks);
    this.optionViews = new Map();
    for (const spec of model.options) {
      const view = optionField(spec, shownValue(spec, this.state), (value) => this.setOption(spec.key, value));
      this.optionViews.set(spec.key, view);
      (spec.kind === 'text' ? this.textOptions : spec.kind === 'boolean' ? this.optionsChecks : this.optionsGrid).append(view.root);
    }
    this.optionsSection.hidden = !model.options.some((o) => o.kind !== 'text');

    clear(this.slotsBox);
    this.slotViews = new Map();
    for (const slot of model.slots) {
      const view = new SlotView(slot, {
        pickWorkspace: (path) => this.addMedia(slot.field, { kind: 'workspace', path }),
        browse: () => this.addMedia(slot.field, { kind: 'dialog' }),
        addUrl: (url) => this.addMedia(slot.field, { kind: 'url', url }),
        drop: (uris) => this.addMedia(slot.field, { kind: 'drop', uris: uris.slice(0, 10) }),
        dropRefused: (message) => {
          this.refusals.set(slot.field, message);
          this.render();
        },
        remove: (index) => this.setMedia(slot.field, (modelMedia(model, this.state)[slot.field] ?? []).filter((_, i) => i !== index)),
      });
      this.slotViews.set(slot.field, view);
      this.slotsBox.append(view.root);
    }
    const videos = model.slots.some((s) => s.accepts === 'video');
    this.mediaHeading.textContent = videos ? 'Video' : model.slots.length && model.slots.every((s) => !s.required) ? 'Images (optional)' : 'Images';
    if (!model.slots.length) this.slotsBox.append(h('p', { class: 'muted no-media' }, icon('info'), ' This model works from the prompt alone: no images needed.'));
  }

  private issues(problems: readonly FieldIssue[]): Issues {
    const touched = new Set(this.state.touched);
    const byField = new Map<string, string>();
    const known = new Set(['model', 'prompt', ...this.optionViews.keys(), ...this.slotViews.keys()]);
    const general: FieldIssue[] = [];
    for (const [field, message] of this.refusals) byField.set(field, message);
    for (const issue of this.state.serviceIssues) {
      if (!known.has(issue.field)) general.push(issue);
      else if (!byField.has(issue.field)) byField.set(issue.field, issue.message);
    }
    for (const issue of problems) {
      if (touched.has(issue.field) && known.has(issue.field) && !byField.has(issue.field)) byField.set(issue.field, issue.message);
    }
    return { byField, general };
  }

  private renderIssues({ byField }: Issues): void {
    this.modelError.set(byField.get('model'));
    this.promptError.set(byField.get('prompt'));
    for (const [key, view] of this.optionViews) view.setError(byField.get(key));
    for (const [field, view] of this.slotViews) view.setError(byField.get(field));
  }

  private renderSummary(model: ModelSpec): void {
    const options = effectiveOptions(model, this.state);
    this.summaryModel.textContent = model.label;
    this.summaryClip.textContent = clipSummary(model, options) || '—';
    const count = variationCount(model, this.state);
    this.variationsField.hidden = !offersVariations(model);
    this.variationsSelect.value = String(count);

    clear(this.summaryCost);
    const e = this.estimate;
    if (e.state === 'loading') this.summaryCost.append(h('span', { class: 'muted' }, 'Checking the price…'));
    else if (e.state === 'none') this.summaryCost.append(h('span', { class: 'muted' }, 'Price unavailable'));
    else {
      this.summaryCost.append(
        h('strong', {}, `About ${formatUsd(e.usd * count)}`),
        h(
          'span',
          { class: 'muted' },
          count > 1
            ? ` (${count} × ${formatUsd(e.usd)}: ${e.seconds} s at ${formatRate(e.usdPerSecond)}/s)`
            : ` (${e.seconds} s at ${formatRate(e.usdPerSecond)}/s)`,
        ),
      );
    }
    this.balanceRow.hidden = this.balance === null;
    if (this.balance) {
      const low = e.state === 'ok' && e.usd * count > this.balance.amount;
      clear(this.summaryBalance);
      this.summaryBalance.append(
        formatBalance(this.balance),
        low ? h('span', { class: 'warning-text' }, ' ', icon('warning'), ' less than the estimate') : '',
      );
    }
    const label = this.submitButton.querySelector('.submit-label');
    if (label) label.textContent = this.submitting !== undefined ? 'Sending…' : count > 1 ? `Generate ${count} videos` : 'Generate';
    this.submitButton.disabled = this.submitting !== undefined;
  }

  private renderStatus({ general }: Issues): void {
    clear(this.statusBox);
    const s = this.status;
    if (!s && !general.length) return;
    const kind = s?.kind ?? 'error';
    const iconName = { info: 'info', success: 'pass', warning: 'warning', error: 'error' }[kind];
    const box = h('div', { class: `banner ${kind === 'success' || kind === 'info' ? '' : kind}` }, icon(iconName));
    const text = h('div', { class: 'banner-text' });
    if (s) text.append(h('p', {}, s.text));
    if (s?.detail) text.append(h('p', { class: 'warning-text' }, s.detail));
    for (const issue of general) text.append(h('p', {}, issue.field && issue.field !== 'request' ? `${issue.field}: ${issue.message}` : issue.message));
    box.append(text);
    if (s?.action === 'showJobs') box.append(h('button', { type: 'button', class: 'secondary', onclick: () => this.channel.post({ type: 'showJobs' }) }, icon('list-unordered'), 'Show Jobs'));
    if (s?.action === 'setApiKey') box.append(h('button', { type: 'button', class: 'secondary', onclick: () => this.channel.post({ type: 'setApiKey' }) }, icon('key'), 'Set API Key'));
    this.statusBox.append(box);
  }

  // ---- talking to the extension --------------------------------------------------------------

  private addMedia(field: MediaField, source: MediaSource): void {
    const requestId = this.nextId++;
    this.pendingMedia.set(requestId, field);
    this.refusals.delete(field);
    this.slotViews.get(field)?.setBusy(true);
    this.ask(requestId, { type: 'addMedia', slot: field, source }, (message) => ({ type: 'mediaRefused', requestId, slot: field, message }));
  }

  private mediaDone(requestId: number): MediaField | undefined {
    const field = this.pendingMedia.get(requestId);
    this.pendingMedia.delete(requestId);
    if (field && ![...this.pendingMedia.values()].includes(field)) this.slotViews.get(field)?.setBusy(false);
    return field;
  }

  private requestEstimate(force = false): void {
    if (this.estimateTimer) clearTimeout(this.estimateTimer);
    this.estimateTimer = setTimeout(() => {
      const model = modelOf(this.state);
      const options = effectiveOptions(model, this.state);
      const key = JSON.stringify([model.id, options['duration'], options['resolution']]);
      if (!force && key === this.estimateKey) return;
      this.estimateKey = key;
      const id = this.nextId++;
      this.estimateId = id;
      this.estimate = { state: 'loading' };
      this.renderSummary(model);
      this.ask(id, { type: 'estimate', model: model.id, options }, () => ({ type: 'estimate', requestId: id, estimate: null }));
    }, 150);
  }

  private submit(): void {
    if (this.submitting !== undefined) return;
    const issues = validate(this.state);
    if (issues.length) {
      // Show every problem now, and take the person to the first one.
      this.state = { ...this.state, touched: [...new Set([...this.state.touched, ...issues.map((i) => i.field)])] };
      this.channel.setState(this.state);
      this.status = {
        kind: 'error',
        text: issues.length === 1 ? 'One field needs attention before generating.' : `${issues.length} fields need attention before generating.`,
        local: true,
      };
      this.render();
      this.focusField(issues[0]!.field);
      return;
    }
    const requestId = this.nextId++;
    this.submitting = requestId;
    this.status = { kind: 'info', text: 'Sending the request…' };
    this.render();
    this.ask(requestId, { type: 'submit', draft: draftOf(this.state), variations: variationCount(modelOf(this.state), this.state) }, (message) => ({
      type: 'submitFailed',
      requestId,
      message,
      issues: [],
      needsKey: false,
    }));
  }

  /** Sends a request; its answer (or, when the extension failed, `failed`'s) is handled under the page's own number. */
  private ask(token: number, message: Parameters<GeneratorChannel['request']>[0], failed: (reason: string) => Answer): void {
    this.channel.request(message).then(
      (answer) => this.onMessage({ ...answer, requestId: token }),
      (error: unknown) => this.onMessage(failed(error instanceof Error ? error.message : String(error))),
    );
  }

  private focusField(field: string): void {
    if (field === 'model') this.modelSelect.focus();
    else if (field === 'prompt') this.prompt.focus();
    else (this.optionViews.get(field)?.control ?? this.slotViews.get(field as MediaField)?.control)?.focus();
  }

  private onMessage(m: NoticeOf<ExtensionMessage> | Answer): void {
    switch (m.type) {
      case 'init':
        this.images = m.images;
        this.videos = m.videos;
        this.hasKey = m.hasKey;
        this.balance = m.balance;
        this.render();
        // Prices may have become available (or the key changed) since the page last asked.
        // After render(): its own request for a rebuilt model must not replace this forced one.
        this.requestEstimate(true);
        return;
      case 'workspaceMedia':
        this.images = m.images;
        this.videos = m.videos;
        this.render();
        return;
      case 'prefill':
        this.applyPrefill(m.prefill);
        this.render();
        return;
      case 'account':
        this.hasKey = m.hasKey;
        this.balance = m.balance;
        if (m.hasKey && this.status?.action === 'setApiKey') this.status = undefined;
        this.render();
        return;
      case 'mediaAdded': {
        const field = this.mediaDone(m.requestId);
        if (field !== m.slot) return;
        const slot = modelOf(this.state).slots.find((s) => s.field === field);
        if (!slot) return;
        const current = modelMedia(modelOf(this.state), this.state)[field] ?? [];
        // The same file twice in the references is a slip, not a choice.
        const fresh = m.items.filter((item) => !current.some((c) => sameRef(c.ref, item.ref)));
        const items = slot.count ? [...current, ...fresh].slice(0, slot.count.max) : m.items.slice(-1);
        this.setMedia(field, items);
        if (m.refused) {
          this.refusals.set(field, m.refused);
          this.render();
        }
        return;
      }
      case 'mediaRefused': {
        const field = this.mediaDone(m.requestId);
        if (field !== m.slot) return;
        this.refusals.set(field, m.message);
        this.render();
        return;
      }
      case 'mediaCancelled':
        this.mediaDone(m.requestId);
        return;
      case 'estimate':
        if (m.requestId !== this.estimateId) return;
        this.estimate = m.estimate ? { state: 'ok', ...m.estimate } : { state: 'none' };
        this.renderSummary(modelOf(this.state));
        return;
      case 'submitted':
        if (m.requestId !== this.submitting) return;
        this.submitting = undefined;
        this.state = { ...this.state, serviceIssues: [] };
        this.channel.setState(this.state);
        this.status = { kind: m.warning ? 'warning' : 'success', text: m.message, action: 'showJobs', ...(m.warning ? { detail: m.warning } : {}) };
        this.render();
        return;
      case 'submitFailed': {
        if (m.requestId !== this.submitting) return;
        this.submitting = undefined;
        const fields = m.issues.map((i) => i.field);
        this.state = { ...this.state, serviceIssues: m.issues, touched: [...new Set([...this.state.touched, ...fields])] };
        this.channel.setState(this.state);
        if (m.needsKey) this.hasKey = false;
        this.status = { kind: 'error', text: m.message, ...(m.needsKey ? { action: 'setApiKey' as const } : {}) };
        this.render();
        if (fields[0]) this.focusField(fields[0]);
        return;
      }
    }
  }

  /** Takes a pre-fill into the state; the caller renders. */
  private applyPrefill(prefill: Prefill): void {
    this.state = applyPrefill(this.state, prefill);
    this.refusals.clear();
    this.status = prefill.issues.length ? { kind: 'warning', text: 'Some of the given values could not be used; see the marked fields.' } : undefined;
    this.channel.setState(this.state);
    // Option controls show values from the state only when built: the next render rebuilds them.
    this.renderedModel = undefined;
  }
}

function sameRef(a: MediaItem['ref'], b: MediaItem['ref']): boolean {
  return a.kind === 'file' ? b.kind === 'file' && a.path === b.path : b.kind === 'url' && a.url === b.url;
}
