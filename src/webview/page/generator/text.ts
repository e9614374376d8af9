// The generator page's sentences that depend on its state — the estimate, the submit
// button, the status line, a slot's hints — as pure functions of that state and a
// translate function, so they are unit-tested in English and shown in the person's language.
import type { MediaSlot, ModelSpec } from '../../../core/catalog/types';
import { formatUsd } from '../../../core/text/money';
import type { Translate } from '../../../core/text/translate';
import type { Estimate, Status } from './pageState';
import { slotCapacity } from './state';

/** The estimated cost for `count` videos: the figure, and how it was worked out. */
export function estimateText(estimate: Estimate, count: number, t: Translate): { figure?: string; detail: string } {
  switch (estimate.state) {
    case 'loading':
      return { detail: t('Checking the price…') };
    case 'none':
      return { detail: t('Price unavailable') };
    case 'variable':
      return { detail: t('Priced after the job') };
    case 'ok': {
      const { usd, basis } = estimate;
      const detail = count > 1 ? t('({0} × {1}: {2})', count, formatUsd(usd), basis) : t('({0})', basis);
      // Offline: the last known price, and how old it is.
      return { figure: t('About {0}', formatUsd(usd * count)), detail: estimate.stale ? t('{0}, price from {1}', detail, new Date(estimate.asOf).toLocaleString()) : detail };
    }
  }
}

/** Whether the balance is less than the estimate for `count` videos. */
export function balanceTooLow(estimate: Estimate, count: number, balance: { amount: number } | null): boolean {
  return balance !== null && estimate.state === 'ok' && estimate.usd * count > balance.amount;
}

export function submitLabel(submitting: boolean, count: number, t: Translate): string {
  return submitting ? t('Sending…') : count > 1 ? t('Generate {0} videos', count) : t('Generate');
}

export function variationLabel(n: number, t: Translate): string {
  return n === 1 ? t('1 video') : t('{0} variations', n);
}

export function statusText(status: Status, t: Translate): string {
  switch (status.says) {
    case 'sending':
      return t('Sending the request…');
    case 'fixFields':
      return status.count === 1 ? t('One field needs attention before generating.') : t('{0} fields need attention before generating.', status.count ?? 0);
    case 'prefillIssues':
      return t('Some of the given values could not be used; see the marked fields.');
    case 'service':
      return status.text ?? '';
  }
}

/** The heading over the model's media slots: what they take. */
export function mediaHeading(model: ModelSpec, t: Translate): string {
  const takes = new Set(model.slots.map((s) => s.accepts));
  if (!takes.size) return t('Images');
  const what = takes.size > 1 ? t('Media') : takes.has('video') ? (model.slots.length > 1 ? t('Videos') : t('Video')) : t('Images');
  return model.slots.length && model.slots.every((s) => !s.required) ? t('{0} (optional)', what) : what;
}

/** The words of one slot, from what it accepts and how many it holds. */
export function slotText(slot: MediaSlot, filled: number, t: Translate) {
  const image = slot.accepts === 'image';
  const many = slotCapacity(slot) > 1;
  const range = slot.count ? (image ? t('{0}–{1} images', slot.count.min, slot.count.max) : t('{0}–{1} videos', slot.count.min, slot.count.max)) : undefined;
  return {
    badge: [slot.required ? t('Required') : t('Optional'), range].filter(Boolean).join(' · '),
    drop: !filled
      ? many
        ? image
          ? t('Drop images from the Explorer (hold Shift), or:')
          : t('Drop videos from the Explorer (hold Shift), or:')
        : image
          ? t('Drop an image from the Explorer (hold Shift), or:')
          : t('Drop a video from the Explorer (hold Shift), or:')
      : many
        ? t('Add more: drop from the Explorer (hold Shift), or:')
        : t('Replace it: drop another (hold Shift), or:'),
    search: image ? t('Search workspace images for {0}', slot.label) : t('Search workspace videos for {0}', slot.label),
    list: image ? t('Workspace images') : t('Workspace videos'),
    url: t('{0}: https URL', slot.label),
  };
}

/** The line under a slot's workspace list: why it is empty, or how many more there are. */
export function listNote(accepts: MediaSlot['accepts'], total: number, matches: number, shown: number, query: string, t: Translate): { text: string; placeholder: string; hidden: boolean } {
  const image = accepts === 'image';
  const text = !total
    ? image
      ? t('No images in this workspace. Use Browse… or a URL.')
      : t('No videos in this workspace. Use Browse… or a URL.')
    : !matches
      ? image
        ? t('No images match “{0}”.', query)
        : t('No videos match “{0}”.', query)
      : t('{0} more: type to narrow the list.', matches - shown);
  return { text, hidden: matches > 0 && matches <= shown, placeholder: image ? t('Search {0} workspace images', total) : t('Search {0} workspace videos', total) };
}
