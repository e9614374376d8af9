// The sidecar written beside a rendered film ("storyboard.mp4" → "storyboard.json"): which
// shot list it came from, each shot in it with the take that was used, how it was made
// (stream copy, or a re-encode and why) and what was left out — so a film can be traced
// back to its takes, as every generated video can to its recipe. Pure.
import * as path from 'node:path';
import { add, rational, type Rational } from './rational';
import type { RenderPlan } from './renderPlan';
import type { SequenceClip } from './sequence';

export type RenderMode = 'copy' | 're-encode';

export interface RenderSidecar {
  readonly kind: 'veoStudio.sequenceRender';
  /** The shot list, relative to the film's folder. */
  readonly shotList: string;
  /** The film's file name. */
  readonly video: string;
  readonly mode: RenderMode;
  /** For a re-encode: which clips differ, and how. */
  readonly why?: string;
  /** For a re-encode: the size and rate every clip was brought to. */
  readonly target?: { readonly width: number; readonly height: number; readonly frameRate: string };
  readonly durationSeconds: number;
  /** How long ffmpeg took. */
  readonly renderSeconds: number;
  readonly renderedAt: string;
  readonly shots: readonly RenderedShot[];
  readonly leftOut: ReadonlyArray<{ readonly shot: number; readonly reason: string }>;
}

export interface RenderedShot {
  /** 1-based, as the shot list's plan counts. */
  readonly shot: number;
  readonly take?: number;
  readonly chosenByPerson?: boolean;
  /** The take's video, relative to the film's folder. */
  readonly video: string;
  readonly startSeconds: number;
  readonly durationSeconds: number;
  readonly prompt: string;
  readonly model: string;
  readonly jobId?: string;
}

export interface RenderSidecarInput {
  readonly shotListFile: string;
  readonly filmFile: string;
  readonly plan: RenderPlan;
  readonly shots: ReadonlyArray<{ readonly clip: SequenceClip; readonly take?: number; readonly chosenByPerson?: boolean }>;
  readonly leftOut: ReadonlyArray<{ readonly shot: number; readonly reason: string }>;
  readonly renderMs: number;
  readonly renderedAt: number;
}

const seconds = (r: Rational) => Math.round((r.num / r.den) * 1e6) / 1e6;
const rateText = (r: Rational) => (r.den === 1 ? `${r.num}` : `${r.num}/${r.den}`);

export function renderSidecar(o: RenderSidecarInput): RenderSidecar {
  const folder = path.dirname(o.filmFile);
  const relative = (file: string) => path.relative(folder, file).split(path.sep).join('/');
  let start = rational(0);
  const shots = o.shots.map(({ clip, take, chosenByPerson }) => {
    const shot: RenderedShot = {
      shot: clip.shotIndex + 1,
      ...(take !== undefined ? { take } : {}),
      ...(chosenByPerson !== undefined ? { chosenByPerson } : {}),
      video: relative(clip.file),
      startSeconds: seconds(start),
      durationSeconds: seconds(clip.media.duration),
      prompt: clip.prompt,
      model: clip.model,
      ...(clip.jobId ? { jobId: clip.jobId } : {}),
    };
    start = add(start, clip.media.duration);
    return shot;
  });
  const plan = o.plan;
  return {
    kind: 'veoStudio.sequenceRender',
    shotList: relative(o.shotListFile),
    video: path.basename(o.filmFile),
    mode: plan.mode === 'copy' ? 'copy' : 're-encode',
    ...(plan.mode === 'encode' ? { why: plan.why, target: { width: plan.target.width, height: plan.target.height, frameRate: rateText(plan.target.frameRate) } } : {}),
    durationSeconds: seconds(start),
    renderSeconds: Math.round(o.renderMs) / 1000,
    renderedAt: new Date(o.renderedAt).toISOString(),
    shots,
    leftOut: o.leftOut,
  };
}
