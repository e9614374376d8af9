// What differs between two videos, from their sidecars (or their jobs): the prompt word by
// word, the model, every option (the seed among them), the sources, and the facts of each
// file (length, cost). Plain text in, plain text out: the compare panel shows it as text.
import * as l10n from '@vscode/l10n';
import { findModel, option } from '../catalog/catalog';
import { isMediaField, mediaKind } from '../catalog/media';
import type { Sidecar } from '../jobs/sidecar';
import { modelLabel } from '../text/jobText';
import { formatUsd } from '../text/money';

/** What one side is known to have been made from. */
export interface CompareFacts {
  readonly model?: string;
  readonly prompt?: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly sources: Readonly<Record<string, string | readonly string[]>>;
  readonly costUsd?: number;
  readonly bytes?: number;
  readonly savedAt?: string;
}

export function factsOfSidecar(sidecar: Partial<Sidecar>): CompareFacts {
  return {
    ...(typeof sidecar.model === 'string' ? { model: sidecar.model } : {}),
    ...(typeof sidecar.prompt === 'string' ? { prompt: sidecar.prompt } : {}),
    options: typeof sidecar.parameters === 'object' && sidecar.parameters !== null ? sidecar.parameters : {},
    sources: typeof sidecar.sources === 'object' && sidecar.sources !== null ? sidecar.sources : {},
    ...(typeof sidecar.cost?.usd === 'number' ? { costUsd: sidecar.cost.usd } : {}),
    ...(typeof sidecar.bytes === 'number' ? { bytes: sidecar.bytes } : {}),
    ...(typeof sidecar.savedAt === 'string' ? { savedAt: sidecar.savedAt } : {}),
  };
}

export interface DiffRow {
  /** "Model", "Seed", "Duration", "image_url"… as a person reads it. */
  readonly field: string;
  readonly left: string;
  readonly right: string;
  readonly same: boolean;
}

const NONE = '—';

function valueText(value: unknown): string {
  if (value === undefined || value === null || value === '') return NONE;
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** An option's spec, from whichever side's model has it. */
function optionSpec(key: string, models: ReadonlyArray<string | undefined>) {
  for (const id of models) {
    const model = id ? findModel(id) : undefined;
    const spec = model && option(model, key);
    if (spec) return spec;
  }
  return undefined;
}

/** An option's value as its model labels it ("8 s", "16:9 landscape"), else as it is. */
function optionText(spec: ReturnType<typeof optionSpec>, value: unknown): string {
  const label = spec?.kind === 'enum' && value !== undefined ? spec.valueLabels?.[String(value)] : undefined;
  return label ?? valueText(value);
}

/** The rows of the facts table: model, options (in the order they appear), sources, cost. */
export function diffRows(left: CompareFacts, right: CompareFacts): DiffRow[] {
  const row = (field: string, l: string, r: string): DiffRow => ({ field, left: l, right: r, same: l === r });
  const rows: DiffRow[] = [row(l10n.t('Model'), left.model ? modelLabel(left.model) : NONE, right.model ? modelLabel(right.model) : NONE)];
  const keys = [...new Set([...Object.keys(left.options), ...Object.keys(right.options)])];
  for (const key of keys) {
    const spec = optionSpec(key, [left.model, right.model]);
    rows.push(row(spec?.label ?? key, optionText(spec, left.options[key]), optionText(spec, right.options[key])));
  }
  for (const field of [...new Set([...Object.keys(left.sources), ...Object.keys(right.sources)])]) {
    const noun = isMediaField(field) ? mediaKind(field).noun : field;
    rows.push(row(noun.charAt(0).toUpperCase() + noun.slice(1), valueText(left.sources[field]), valueText(right.sources[field])));
  }
  rows.push(row(l10n.t('Cost'), left.costUsd !== undefined ? formatUsd(left.costUsd) : NONE, right.costUsd !== undefined ? formatUsd(right.costUsd) : NONE));
  return rows;
}

export interface WordToken {
  readonly text: string;
  /** `same` on both sides; `removed`: only on the left; `added`: only on the right. */
  readonly change: 'same' | 'removed' | 'added';
}

/** Above this many word pairs the prompts are compared as wholes (the table would be too big). */
const MAX_CELLS = 2_000_000;

/**
 * The two prompts word by word (longest common subsequence of their words; spaces kept
 * with the word before them, so joining the tokens gives the prompt back).
 */
export function wordDiff(left: string, right: string): { left: WordToken[]; right: WordToken[] } {
  const a = left.match(/\S+\s*/g) ?? [];
  const b = right.match(/\S+\s*/g) ?? [];
  const lead = (s: string) => /^\s*/.exec(s)![0];
  const same = (x: string, y: string) => x.trim() === y.trim();
  if (a.length * b.length > MAX_CELLS) {
    const equal = left === right;
    return { left: [{ text: left, change: equal ? 'same' : 'removed' }], right: [{ text: right, change: equal ? 'same' : 'added' }] };
  }
  // lengths[i][j]: the longest common run of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = same(a[i]!, b[j]!) ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  }
  const outLeft: WordToken[] = lead(left) ? [{ text: lead(left), change: 'same' }] : [];
  const outRight: WordToken[] = lead(right) ? [{ text: lead(right), change: 'same' }] : [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && same(a[i]!, b[j]!)) {
      outLeft.push({ text: a[i++]!, change: 'same' });
      outRight.push({ text: b[j++]!, change: 'same' });
    } else if (j < b.length && (i === a.length || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      outRight.push({ text: b[j++]!, change: 'added' });
    } else {
      outLeft.push({ text: a[i++]!, change: 'removed' });
    }
  }
  return { left: merge(outLeft), right: merge(outRight) };
}

/** Neighbouring tokens of the same kind as one. */
function merge(tokens: readonly WordToken[]): WordToken[] {
  const out: WordToken[] = [];
  for (const t of tokens) {
    const last = out.at(-1);
    if (last && last.change === t.change) out[out.length - 1] = { text: last.text + t.text, change: t.change };
    else out.push(t);
  }
  return out;
}
