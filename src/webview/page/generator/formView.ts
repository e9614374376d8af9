// The left column of the generator page: the model, the prompt, and the model's options —
// controls built from the catalog, showing the state and reporting edits. It keeps no state
// of its own: `build` makes the controls of a model, `show` puts the page state in them.
import { MAX_PROMPT_LENGTH } from '../../../core/catalog/catalog';
import { GROUP_LABELS, type ModelSpec, type OptionValue } from '../../../core/catalog/types';
import { h } from '../shared/dom';
import { t } from '../shared/l10n';
import { errorLine, optionField, type ErrorLine, type FieldView } from './controls';
import type { Issues, PageState } from './pageState';
import { modelsByGroup, shownValue, type FormState } from './state';

export interface FormEdits {
  model(id: string): void;
  prompt(text: string): void;
  option(key: string, value: OptionValue | undefined): void;
}

const numberFormat = new Intl.NumberFormat();

export class FormView {
  /** The model and prompt section. */
  readonly main: HTMLElement;
  /** The options section (hidden for a model with no options beyond text ones). */
  readonly options: HTMLElement;
  private readonly modelSelect: HTMLSelectElement;
  private readonly modelDescription: HTMLElement;
  private readonly modelError: ErrorLine;
  private readonly prompt: HTMLTextAreaElement;
  private readonly promptCount: HTMLElement;
  private readonly promptError: ErrorLine;
  private readonly textOptions: HTMLElement;
  private readonly optionsGrid: HTMLElement;
  private readonly optionsChecks: HTMLElement;
  private optionViews = new Map<string, FieldView>();

  constructor(private readonly edits: FormEdits) {
    this.modelSelect = h('select', { id: 'model' });
    for (const [group, models] of modelsByGroup()) {
      const optgroup = h('optgroup', { label: GROUP_LABELS[group] });
      for (const m of models) optgroup.append(h('option', { value: m.id, title: m.description }, m.label));
      this.modelSelect.append(optgroup);
    }
    this.modelSelect.addEventListener('change', () => edits.model(this.modelSelect.value));
    this.modelDescription = h('p', { class: 'hint', id: 'model-description' });
    this.modelError = errorLine(this.modelSelect, 'model-error', ['model-description']);

    this.prompt = h('textarea', {
      id: 'prompt',
      rows: 6,
      placeholder: t('Describe the scene: subject, action, camera, style, sound. E.g. “A paper boat drifts down a rain-soaked street at dusk, close-up, soft piano.”'),
    });
    this.prompt.addEventListener('input', () => edits.prompt(this.prompt.value));
    // Not live: a count read out at every keystroke drowns the typing. The error line says when it is too long.
    this.promptCount = h('span', { class: 'counter', id: 'prompt-count' });
    this.promptError = errorLine(this.prompt, 'prompt-error', ['prompt-count']);
    this.textOptions = h('div', { class: 'text-options' });

    this.main = h(
      'section',
      { class: 'section', 'aria-labelledby': 'h-prompt' },
      h('h2', { id: 'h-prompt', class: 'visually-hidden' }, t('Model and prompt')),
      h('div', { class: 'field' }, h('label', { for: 'model' }, t('Model')), this.modelSelect, this.modelDescription, this.modelError.el),
      h('div', { class: 'field' }, h('div', { class: 'label-row' }, h('label', { for: 'prompt' }, t('Prompt')), this.promptCount), this.prompt, this.promptError.el),
      this.textOptions,
    );
    this.optionsGrid = h('div', { class: 'options-grid' });
    this.optionsChecks = h('div', { class: 'options-checks' });
    this.options = h('section', { class: 'section', 'aria-labelledby': 'h-options' }, h('h2', { id: 'h-options' }, t('Options')), this.optionsGrid, this.optionsChecks);
  }

  /** Builds the option controls of a model, showing the form's values. */
  build(model: ModelSpec, form: FormState): void {
    this.modelDescription.textContent = model.description;
    this.textOptions.replaceChildren();
    this.optionsGrid.replaceChildren();
    this.optionsChecks.replaceChildren();
    this.optionViews = new Map();
    for (const spec of model.options) {
      const view = optionField(spec, shownValue(spec, form), (value) => this.edits.option(spec.key, value));
      this.optionViews.set(spec.key, view);
      (spec.kind === 'text' ? this.textOptions : spec.kind === 'boolean' ? this.optionsChecks : this.optionsGrid).append(view.root);
    }
    this.options.hidden = !model.options.some((o) => o.kind !== 'text');
  }

  show(page: PageState, model: ModelSpec, { byField }: Issues): void {
    if (this.modelSelect.value !== model.id) this.modelSelect.value = model.id;
    if (this.prompt.value !== page.form.prompt) this.prompt.value = page.form.prompt;
    const length = page.form.prompt.length;
    this.promptCount.textContent = t('{0} / {1}', numberFormat.format(length), numberFormat.format(MAX_PROMPT_LENGTH));
    this.promptCount.classList.toggle('over', length > MAX_PROMPT_LENGTH);
    this.modelError.set(byField.get('model'));
    this.promptError.set(byField.get('prompt'));
    for (const [key, view] of this.optionViews) view.setError(byField.get(key));
  }

  /** The control of a field, to take the person to its problem (undefined: not one of these). */
  control(field: string): HTMLElement | undefined {
    if (field === 'model') return this.modelSelect;
    if (field === 'prompt') return this.prompt;
    return this.optionViews.get(field)?.control;
  }
}
