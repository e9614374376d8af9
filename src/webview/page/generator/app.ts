// The generator page, put together: the views (formView, slots, summaryView) show one
// PageState; the person's edits and the extension's messages become new PageStates through
// the pure functions of state.ts and pageState.ts; the form part is saved with setState.
// This file only wires them up and talks to the extension through the typed channel.
import type { MediaField, ModelSpec } from '../../../core/catalog/types';
import type { ExtensionMessage, MediaSource, PageMessage } from '../../generator/messages';
import { h, icon } from '../shared/dom';
import type { AnswerOf, NoticeOf, PageChannel } from '../shared/channel';
import { t } from '../shared/l10n';
import { FormView } from './formView';
import {
  estimateAsked,
  estimated,
  estimateKey,
  initialPage,
  issuesOf,
  mediaAnswered,
  mediaAsked,
  mediaRefused,
  onNotice,
  submitAnswered,
  submitAsked,
  withForm,
  type MediaAnswer,
  type PageState,
  type SubmitAnswer,
} from './pageState';
import { SlotView } from './slots';
import { draftOf, effectiveOptions, modelOf, removeMedia, restoreState, setOption, setPrompt, setVariations, slotItems, switchModel, variationCount, type FormState } from './state';
import { SummaryView } from './summaryView';
import { mediaHeading } from './text';

type GeneratorChannel = PageChannel<ExtensionMessage, PageMessage, FormState>;
type Answer = AnswerOf<ExtensionMessage>;

/** Quiet time after an edit before the estimate is asked for. */
const ESTIMATE_DELAY_MS = 150;

const failure = (error: unknown) => ({ type: 'failed', message: error instanceof Error ? error.message : String(error) }) as const;
const isMediaAnswer = (a: Answer): a is Extract<MediaAnswer, Answer> => a.type === 'mediaAdded' || a.type === 'mediaRefused' || a.type === 'mediaCancelled';
const isSubmitAnswer = (a: Answer): a is Extract<SubmitAnswer, Answer> => a.type === 'submitted' || a.type === 'submitFailed';

export class GeneratorApp {
  private page: PageState;
  private readonly form: FormView;
  private readonly summary: SummaryView;
  private readonly keyBanner: HTMLElement;
  private readonly mediaTitle: HTMLElement;
  private readonly slotsBox: HTMLElement;
  private slotViews = new Map<MediaField, SlotView>();
  /** The model whose controls are built (undefined: build again, e.g. after a pre-fill). */
  private builtModel: string | undefined;
  private estimateTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the last estimate asked for depended on: typing a prompt needs no new one. */
  private estimatedFor = '';
  private estimateSeq = 0;

  constructor(
    root: HTMLElement,
    private readonly channel: GeneratorChannel,
  ) {
    this.page = initialPage(restoreState(channel.getState()));
    this.form = new FormView({
      model: (id) => this.edit(switchModel(this.page.form, id), 'model'),
      prompt: (text) => this.edit(setPrompt(this.page.form, text), 'prompt'),
      option: (key, value) => this.edit(setOption(this.page.form, key, value), key),
    });
    this.summary = new SummaryView({
      variations: (n) => this.edit(setVariations(this.page.form, n)),
      submit: () => void this.submit(),
      showJobs: () => channel.post({ type: 'showJobs' }),
      setApiKey: () => channel.post({ type: 'setApiKey' }),
    });
    this.mediaTitle = h('h2', { id: 'h-media' });
    this.slotsBox = h('div', { class: 'slots' });
    this.keyBanner = h(
      'div',
      { class: 'banner warning key-banner', hidden: true },
      icon('key'),
      h('span', {}, t('Veo Studio needs your AI/ML API key to generate videos. It stays in VS Code’s secret storage.')),
      h('button', { type: 'button', class: 'secondary', onclick: () => channel.post({ type: 'setApiKey' }) }, t('Set API Key')),
    );

    root.append(
      h(
        'header',
        { class: 'page-header' },
        h('h1', {}, icon('wand'), ' ', t('Generate a video')),
        h('p', { class: 'muted' }, t('Google Veo 3.1 through the AI/ML API. Jobs run in the background; this form stays as it is for the next one.')),
      ),
      this.keyBanner,
      h(
        'div',
        { class: 'layout' },
        h('div', { class: 'col col-form' }, this.form.main, this.form.options),
        h('div', { class: 'col col-side' }, h('section', { class: 'section', 'aria-labelledby': 'h-media' }, this.mediaTitle, this.slotsBox), this.summary.root),
      ),
    );

    window.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        void this.submit();
      }
    });
    // A file dropped beside a slot must not make the webview navigate to it.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());

    channel.onMessage((m) => this.onNotice(m));
    this.render();
    root.removeAttribute('aria-busy');
    channel.post({ type: 'ready' });
  }

  // ---- state ---------------------------------------------------------------------------------

  /** Shows a new page state, saving the form when it changed. */
  private set(page: PageState): void {
    if (page.form !== this.page.form) this.channel.setState(page.form);
    this.page = page;
    this.render();
  }

  /** An edit of the person's. */
  private edit(form: FormState, field?: string): void {
    this.set(withForm(this.page, form, field));
    this.requestEstimate();
  }

  private onNotice(m: NoticeOf<ExtensionMessage>): void {
    // Option controls show values from the state only when built: a pre-fill rebuilds them.
    if (m.type === 'prefill') this.builtModel = undefined;
    this.set(onNotice(this.page, m));
    // Prices may have become available (or the key changed) since the page last asked.
    if (m.type === 'init') this.requestEstimate(true);
    else if (m.type === 'prefill') this.requestEstimate();
  }

  // ---- rendering -----------------------------------------------------------------------------

  private render(): void {
    const model = modelOf(this.page.form);
    if (this.builtModel !== model.id) this.build(model);
    const issues = issuesOf(this.page);
    this.form.show(this.page, model, issues);
    for (const [field, view] of this.slotViews) {
      const entries = view.slot.accepts === 'image' ? this.page.images : this.page.videos;
      view.show(slotItems(this.page.form, view.slot), entries, (this.page.checking[field] ?? 0) > 0, issues.byField.get(field));
    }
    this.summary.show(this.page, model, issues);
    this.keyBanner.hidden = this.page.hasKey;
  }

  /** Builds the controls that depend on the model: options and media slots. */
  private build(model: ModelSpec): void {
    this.builtModel = model.id;
    this.form.build(model, this.page.form);
    this.slotsBox.replaceChildren();
    this.slotViews = new Map();
    for (const slot of model.slots) {
      const view = new SlotView(slot, {
        pickWorkspace: (path) => void this.addMedia(slot.field, { kind: 'workspace', path }),
        browse: () => void this.addMedia(slot.field, { kind: 'dialog' }),
        addUrl: (url) => void this.addMedia(slot.field, { kind: 'url', url }),
        drop: (uris) => void this.addMedia(slot.field, { kind: 'drop', uris: uris.slice(0, 10) }),
        dropRefused: (message) => this.set(mediaRefused(this.page, slot.field, message)),
        remove: (index) => this.edit(removeMedia(this.page.form, slot, index), slot.field),
      });
      this.slotViews.set(slot.field, view);
      this.slotsBox.append(view.root);
    }
    this.mediaTitle.textContent = mediaHeading(model, t);
    if (!model.slots.length) this.slotsBox.append(h('p', { class: 'muted no-media' }, icon('info'), ' ', t('This model works from the prompt alone: no images needed.')));
  }

  private focusField(field: string): void {
    (this.form.control(field) ?? this.slotViews.get(field as MediaField)?.control)?.focus();
  }

  // ---- talking to the extension --------------------------------------------------------------

  private async addMedia(field: MediaField, source: MediaSource): Promise<void> {
    this.set(mediaAsked(this.page, field));
    const answer: MediaAnswer = await this.channel.request({ type: 'addMedia', slot: field, source }).then(
      (a) => (isMediaAnswer(a) ? a : failure(`unexpected answer ${a.type}`)),
      failure,
    );
    this.set(mediaAnswered(this.page, field, answer));
  }

  private requestEstimate(force = false): void {
    if (this.estimateTimer) clearTimeout(this.estimateTimer);
    this.estimateTimer = setTimeout(() => {
      const key = estimateKey(this.page.form);
      if (!force && key === this.estimatedFor) return;
      this.estimatedFor = key;
      const seq = ++this.estimateSeq;
      const model = modelOf(this.page.form);
      this.set(estimateAsked(this.page));
      void this.channel.request({ type: 'estimate', model: model.id, options: effectiveOptions(model, this.page.form) }).then(
        (a) => seq === this.estimateSeq && this.set(estimated(this.page, a.type === 'estimate' ? a.estimate : null)),
        () => seq === this.estimateSeq && this.set(estimated(this.page, null)),
      );
    }, ESTIMATE_DELAY_MS);
  }

  private async submit(): Promise<void> {
    const asked = submitAsked(this.page);
    this.set(asked.page);
    if (asked.focus) this.focusField(asked.focus);
    if (!asked.send) return;
    const form = this.page.form;
    const answer: SubmitAnswer = await this.channel.request({ type: 'submit', draft: draftOf(form), variations: variationCount(modelOf(form), form) }).then(
      (a) => (isSubmitAnswer(a) ? a : failure(`unexpected answer ${a.type}`)),
      failure,
    );
    const done = submitAnswered(this.page, answer);
    this.set(done.page);
    if (done.focus) this.focusField(done.focus);
  }
}
