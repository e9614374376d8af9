// What the compare panel shows for two videos, decided here: each side's title and where it
// comes from, and what differs between their recipes (core/compare/sidecarDiff.ts) — from
// their sidecars, else from their jobs.
import * as path from 'node:path';
import { MEDIA_KINDS, refsOf } from '../../core/catalog/media';
import { diffRows, factsOfSidecar, wordDiff, type CompareFacts } from '../../core/compare/sidecarDiff';
import type { Job } from '../../core/jobs/job';
import type { Sidecar } from '../../core/jobs/sidecar';
import { shortPrompt } from '../../core/text/jobText';
import * as l10n from '@vscode/l10n';
import type { CompareView } from './protocol';

export interface CompareSide {
  readonly file: string;
  readonly src: string;
  readonly job?: Job;
  readonly sidecar?: Sidecar;
  readonly wantsPoster: boolean;
}

function factsOf(side: CompareSide): CompareFacts {
  if (side.sidecar) return factsOfSidecar(side.sidecar);
  const job = side.job;
  if (!job) return { options: {}, sources: {} };
  return { model: job.request.model, prompt: job.request.prompt, options: job.request.options, sources: {}, ...(job.usage?.usd !== undefined ? { costUsd: job.usage.usd } : {}) };
}

function noteOf(side: CompareSide): string | undefined {
  const shot = side.job?.shotList ?? (side.sidecar?.shot ? { index: side.sidecar.shot.index, take: side.sidecar.shot.take } : undefined);
  if (shot) return shot.take !== undefined ? l10n.t('Take {0} of shot {1}', shot.take, shot.index + 1) : l10n.t('Shot {0}', shot.index + 1);
  // A parent and a source video: an extension; a parent without: a continuation from its frame.
  const fromVideo = side.job ? MEDIA_KINDS.some((k) => k.accepts === 'video' && refsOf(side.job!.request.media, k.field).length > 0) : false;
  if (side.sidecar?.continues || (side.job?.parentId && !fromVideo)) return l10n.t('Continues another video from its frame');
  if (side.sidecar?.extends || side.job?.parentId) return l10n.t('Extends another video');
  return undefined;
}

export function compareView(left: CompareSide, right: CompareSide): CompareView {
  const a = factsOf(left);
  const b = factsOf(right);
  const side = (s: CompareSide, facts: CompareFacts): CompareView['left'] => {
    const note = noteOf(s);
    return {
      src: s.src,
      name: path.basename(s.file),
      title: facts.prompt ? shortPrompt(facts.prompt, 80) : path.basename(s.file),
      ...(note ? { note } : {}),
      ...(s.wantsPoster ? { wantsPoster: true } : {}),
    };
  };
  return {
    left: side(left, a),
    right: side(right, b),
    ...(a.prompt !== undefined && b.prompt !== undefined ? { prompt: wordDiff(a.prompt, b.prompt) } : {}),
    rows: diffRows(a, b),
  };
}
