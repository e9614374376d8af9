// How the export and the render say which shots they left out, and why: one sentence for
// the notification ("Left out: shot 2 (not generated yet), shot 4 (changed since its take)").
import * as vscode from 'vscode';
import { leftOut, type GapReason, type ShotSequence } from '../../platform/shotSequence';

export function gapText(gap: GapReason): string {
  switch (gap) {
    case 'notGenerated':
      return vscode.l10n.t('not generated yet');
    case 'generating':
      return vscode.l10n.t('still being generated');
    case 'stale':
      return vscode.l10n.t('changed since its take');
    case 'unreadable':
      return vscode.l10n.t('its video cannot be read');
  }
}

/** " Left out: shot 2 (not generated yet), …." with a leading space, or "" when every shot is in. */
export function leftOutSentence(sequence: ShotSequence): string {
  const missing = leftOut(sequence);
  if (!missing.length) return '';
  const parts = missing.map((m) => vscode.l10n.t('shot {0} ({1})', m.shot, gapText(m.gap)));
  return ' ' + vscode.l10n.t('Left out: {0}.', parts.join(', '));
}

/** The error when no shot has a video to use. */
export function nothingToUse(sequence: ShotSequence, what: string): Error {
  const reasons = leftOut(sequence).map((m) => vscode.l10n.t('shot {0} ({1})', m.shot, gapText(m.gap)));
  return new Error(
    reasons.length
      ? vscode.l10n.t('There is nothing to {0} in {1}: no shot has a saved video yet ({2}). Generate the shot list first.', what, vscode.workspace.asRelativePath(sequence.file, false), reasons.join(', '))
      : vscode.l10n.t('There is nothing to {0} in {1}: it has no shots.', what, vscode.workspace.asRelativePath(sequence.file, false)),
  );
}
