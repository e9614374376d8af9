// The 3-shot sequence the export tests share: real facts read from the fixture clips (4 s and
// 7 s at 24 fps, 3 s at 30 fps and another size), paths with spaces, parentheses, an accent and
// a '#', and prompts with quotes, markup, ampersands, line breaks, a tab, emoji, a control
// character and typographic punctuation. The paths need not exist: exporters only write text.
import * as path from 'node:path';
import { readMp4Facts } from '../../src/core/sequence/mp4Reader';
import type { Sequence } from '../../src/core/sequence/sequence';
import { FIXTURES } from './paths';

export const PROJECT = '/projects/My Film';
export const OTIO_FILE = `${PROJECT}/storyboard.otio`;

export const PROMPTS = [
  'She says "hello" & waves <softly> 🎬',
  'Line one\r\nLine two — a\ttab, ‘curly’ quotes, crème brûlée…',
  "<script>alert('x')</script> & 👩‍👩‍👧 family 🐱\u0007 end",
] as const;

export async function threeShots(): Promise<Sequence> {
  const facts = (name: string) => readMp4Facts(path.join(FIXTURES, 'sequence', name));
  const [four, seven, thirty] = await Promise.all([facts('shot-4s-24fps.mp4'), facts('ext-7s-24fps-faststart.mp4'), facts('shot-3s-30fps-256x144.mp4')]);
  return {
    title: 'Storyboard "Act 1" <draft> & more 🎬',
    clips: [
      { file: `${PROJECT}/videos/shot-01.mp4`, media: four, shotIndex: 0, output: 'shot-01', prompt: PROMPTS[0], model: 'google/veo-3.1-t2v', seed: 42, jobId: 'job-1', costUsd: 0.6 },
      { file: `${PROJECT}/videos/shot-02 (ext).mp4`, media: seven, shotIndex: 1, output: 'shot-02 (ext)', prompt: PROMPTS[1], model: 'google/veo-3.1-extend' },
      // Shot 3 has no video yet, so the list goes on with shot 4.
      { file: `${PROJECT}/videos/café #4.mp4`, media: thirty, shotIndex: 3, output: 'café #4', prompt: PROMPTS[2], model: 'google/veo-3.1-i2v-fast', seed: 7, jobId: 'job-3', costUsd: 3.2 },
    ],
  };
}
