// The one-line summary of a clip's options, as every surface shows it:
// "8 s · 1080p · 16:9 · with audio".
import type { ModelSpec, OptionValue } from '../catalog/types';
import { type Translate, untranslated } from './translate';

export function clipSummary(model: ModelSpec, options: Readonly<Record<string, OptionValue>>, t: Translate = untranslated): string {
  const parts: string[] = [];
  if (options['duration'] !== undefined) parts.push(t('{0} s', String(options['duration'])));
  if (options['resolution'] !== undefined) parts.push(String(options['resolution']));
  if (options['aspect_ratio'] !== undefined) {
    const spec = model.options.find((o) => o.key === 'aspect_ratio');
    const raw = String(options['aspect_ratio']);
    parts.push(raw === 'auto' && spec?.kind === 'enum' ? (spec.valueLabels?.['auto'] ?? raw).toLowerCase() : raw);
  }
  if (options['generate_audio'] !== undefined) parts.push(options['generate_audio'] ? t('with audio') : t('silent'));
  return parts.join(' · ');
}
