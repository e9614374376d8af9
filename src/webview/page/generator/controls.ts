// One labelled control per catalog option, generated from its spec: a select for an enum,
// a checkbox for a boolean, a number input for an integer (empty = random), a text area
// for text. Nothing here knows a particular model.
import type { OptionSpec, OptionValue } from '../../../core/catalog/types';
import { h } from '../shared/dom';
import { t } from '../shared/l10n';

export interface FieldView {
  readonly root: HTMLElement;
  /** The element that takes focus when the field has a problem. */
  readonly control: HTMLElement;
  setError(message: string | undefined): void;
}

/** The error line under a control: `set` shows a message (or hides it with undefined). */
export interface ErrorLine {
  readonly el: HTMLElement;
  set(message: string | undefined): void;
}

/** The error line under a control, wired to it with aria-describedby and aria-invalid. */
export function errorLine(control: HTMLElement, id: string, describedBy: string[]): ErrorLine {
  const el = h('p', { class: 'error-text field-error', id, hidden: true });
  control.setAttribute('aria-describedby', [...describedBy, id].join(' '));
  return {
    el,
    set(message) {
      el.textContent = message ?? '';
      el.hidden = !message;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

function valueLabel(spec: OptionSpec, value: string | number): string {
  return (spec.kind === 'enum' ? spec.valueLabels?.[String(value)] : undefined) ?? String(value);
}

/**
 * Builds the control for one option. `value` is what it shows (the person's value or the
 * default); `onChange` receives the new value, or undefined when a field was emptied.
 */
export function optionField(spec: OptionSpec, value: OptionValue | undefined, onChange: (value: OptionValue | undefined) => void): FieldView {
  const id = `opt-${spec.key}`;
  const hintId = `${id}-hint`;
  const hint = h('p', { class: 'hint', id: hintId }, spec.description);
  /** The usual field: its label above the control, the hint and the error line below. */
  const wrap = (control: HTMLElement): FieldView => {
    const error = errorLine(control, `${id}-error`, [hintId]);
    return { root: h('div', { class: 'field', 'data-field': spec.key }, h('label', { for: id }, spec.label), control, hint, error.el), control, setError: error.set };
  };
  switch (spec.kind) {
    case 'enum': {
      const select = h('select', { id, 'data-option': spec.key });
      for (const v of spec.values) {
        const label = v === spec.default ? t('{0} (default)', valueLabel(spec, v)) : valueLabel(spec, v);
        select.append(h('option', { value: String(v), selected: v === value }, label));
      }
      // A model with one allowed value still shows it, but there is nothing to choose.
      if (spec.values.length === 1) select.disabled = true;
      select.addEventListener('change', () => onChange(spec.values.find((v) => String(v) === select.value)));
      return wrap(select);
    }
    case 'boolean': {
      // The checkbox comes before its label, on one row.
      const box = h('input', { type: 'checkbox', id, 'data-option': spec.key });
      box.checked = value === true;
      box.addEventListener('change', () => onChange(box.checked));
      const error = errorLine(box, `${id}-error`, [hintId]);
      return {
        root: h('div', { class: 'field check-field', 'data-field': spec.key }, h('div', { class: 'check-row' }, box, h('label', { for: id }, spec.label)), hint, error.el),
        control: box,
        setError: error.set,
      };
    }
    case 'integer': {
      const input = h('input', {
        type: 'number',
        id,
        min: spec.min,
        max: spec.max,
        step: 1,
        inputmode: 'numeric',
        placeholder: t('Random'),
        'data-option': spec.key,
      });
      input.value = typeof value === 'number' ? String(value) : '';
      input.addEventListener('input', () => {
        const text = input.value.trim();
        onChange(text === '' ? undefined : Number(text));
      });
      return wrap(input);
    }
    case 'text': {
      const area = h('textarea', { id, rows: 2, maxlength: spec.maxLength, 'data-option': spec.key, placeholder: t('Optional') });
      area.value = typeof value === 'string' ? value : '';
      area.addEventListener('input', () => onChange(area.value === '' ? undefined : area.value));
      return wrap(area);
    }
  }
}
