// veoStudio_listModels' answer: the catalog as a model reads it — each model's id, what it
// takes (a prompt, images, a video), its options with their allowed values and defaults,
// and its current price per second at the defaults where the price list says.
import { mediaKind } from '../catalog/media';
import type { MediaSlot, ModelSpec, OptionSpec } from '../catalog/types';
import type { PriceQuote } from '../money/priceBook';
import { quoteSentence, ratePerSecond } from './spendText';

function slotText(s: MediaSlot): string {
  const kind = mediaKind(s.field);
  const what = s.accepts === 'image' ? 'PNG, JPEG or WebP' : 'MP4, MOV or WebM';
  const shape = kind.argIsArray
    ? s.count
      ? `an array of ${s.count.min}–${s.count.max} ${kind.noun}`
      : `an array with one ${kind.noun}`
    : `one ${kind.noun}`;
  return `${kind.arg} (${s.required ? 'required' : 'optional'}; ${shape}, ${what})`;
}

const show = (v: string | number | boolean) => (typeof v === 'string' ? `"${v}"` : String(v));

function optionText(o: OptionSpec): string {
  const notSent = o.sendDefault ? '' : ' (left to the service unless set)';
  switch (o.kind) {
    case 'enum':
      return `${o.key}: ${o.values.map(show).join(' | ')}${o.key === 'duration' ? ' (seconds)' : ''}; default ${show(o.default)}${notSent}`;
    case 'boolean':
      return `${o.key}: true | false; default ${String(o.default)}${notSent}`;
    case 'integer':
      return `${o.key}: a whole number from ${o.min} to ${o.max}; no default${notSent}`;
    case 'text':
      return `${o.key}: text, up to ${o.maxLength} characters; no default${notSent}`;
  }
}

function priceText(quote: PriceQuote | undefined): string {
  const rate = ratePerSecond(quote);
  const atDefaults = quoteSentence(quote);
  return rate ? `${rate} at the defaults; a clip at the defaults costs ${atDefaults}` : atDefaults;
}

/** The text of one model; `quote` is its price at the defaults (undefined: none known). */
export function modelText(model: ModelSpec, quote: PriceQuote | undefined): string {
  const takes = model.slots.length ? `a prompt, and ${model.slots.map(slotText).join(', ')}` : 'a prompt only';
  return [
    `${model.id} — ${model.label}. ${model.description}`,
    `  Takes: ${takes}.`,
    '  Options:',
    ...model.options.map((o) => `    ${optionText(o)}`),
    `  Price: ${priceText(quote)}.`,
  ].join('\n');
}

/** Every model, then how to use them. */
export function catalogText(models: readonly ModelSpec[], quotes: ReadonlyMap<string, PriceQuote | undefined>): string {
  return [
    `Veo Studio can make videos with these ${models.length} models:`,
    '',
    models.map((m) => modelText(m, quotes.get(m.id))).join('\n\n'),
    '',
    'Give images and videos as paths relative to a workspace folder (or https URLs); nothing outside the workspace can be used.',
    'Option values are normalised ("6" becomes 6). Prices are the AI/ML API\'s live list: a video is billed to the person when it is made.',
    'Call veoStudio_estimateCost for the exact price of a request, and veoStudio_generateVideo to make it (the person is asked first).',
  ].join('\n');
}
