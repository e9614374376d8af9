// How a shot's parts read for people: the words for what differs between a shot and its
// chosen take ("changed since its take (prompt, options)"), for the shot list's messages
// and the sequence panel alike.
import * as l10n from '@vscode/l10n';
import type { RecipePart } from '../shotList/takes';

/** A part of a shot that differs from its chosen take, as a word. */
export function recipePartText(part: RecipePart): string {
  switch (part) {
    case 'prompt':
      return l10n.t('prompt');
    case 'model':
      return l10n.t('model');
    case 'images':
      return l10n.t('images');
    case 'options':
      return l10n.t('options');
  }
}
