// CMX 3600 EDL: the oldest list editors still read. One video event per clip, cuts only:
//
//   TITLE: storyboard
//   FCM: NON-DROP FRAME
//
//   001  AX       V     C        00:00:00:00 00:00:04:00 01:00:00:00 01:00:04:00
//   * FROM CLIP NAME: shot-01.mp4
//   * COMMENT: The hero walks in
//
// The reel is "AX" (file-based media without a tape name, as Premiere writes it); editors
// link the event to its video by the FROM CLIP NAME, the file's name. Source times start at
// 00:00:00:00 (the videos carry no timecode track); record times run on from 01:00:00:00.
// Timecode is non-drop at the clips' rate when they share one, else 24 fps.
//
// EDLs are 7-bit text, so words are made ASCII: accents folded ("crème" → "creme"), curly
// quotes and dashes made straight, line breaks and tabs made spaces, anything else non-ASCII
// (emoji, CJK, …) written as "?". Comments are cut at COMMENT_LIMIT characters. Clip names
// get the same treatment; Veo Studio names its videos in ASCII, so they still match the files.
import { foldToAscii } from '../download/naming';
import { layOut, sharedRate, START_HOURS, timecode, timecodeBase, type Sequence } from './sequence';

/** CMX 3600 numbers events with three digits. */
export const MAX_EDL_EVENTS = 999;
/** The longest prompt comment written, in characters; longer ones end in "...". */
export const COMMENT_LIMIT = 250;
/** CMX 3600 allows 70 characters of title. */
const TITLE_LIMIT = 70;

const PUNCTUATION: ReadonlyArray<[RegExp, string]> = [
  [/[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/\u00d7/g, 'x'],
];

/** One line of printable ASCII from any text, as described at the top of this file. */
export function edlText(text: string, limit: number): string {
  let ascii = foldToAscii(text);
  for (const [pattern, replacement] of PUNCTUATION) ascii = ascii.replace(pattern, replacement);
  ascii = ascii
    .replace(/[\p{Cf}]/gu, '') // zero-width joiners and the like glue emoji together: drop them
    .replace(/[\p{Cc}\p{Zs}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/[^\x20-\x7e]/gu, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  return ascii.length > limit ? `${ascii.slice(0, limit - 3).trimEnd()}...` : ascii;
}

/** The sequence as a CMX 3600 EDL (LF line ends). */
export function toEdl(sequence: Sequence): string {
  if (sequence.clips.length > MAX_EDL_EVENTS) throw new RangeError(`An EDL holds at most ${MAX_EDL_EVENTS} events; this sequence has ${sequence.clips.length} clips.`);
  const rate = sharedRate(sequence.clips);
  const base = timecodeBase(rate);
  const origin = START_HOURS * 3600 * base;
  const lines = [`TITLE: ${edlText(sequence.title, TITLE_LIMIT) || 'Untitled'}`, 'FCM: NON-DROP FRAME', ''];
  layOut(sequence.clips, rate).forEach(({ clip, start, frames }, i) => {
    const event = String(i + 1).padStart(3, '0');
    const times = [timecode(0, base), timecode(frames, base), timecode(origin + start, base), timecode(origin + start + frames, base)];
    lines.push(`${event}  ${'AX'.padEnd(8)} ${'V'.padEnd(5)} C        ${times.join(' ')}`);
    lines.push(`* FROM CLIP NAME: ${edlText(clip.file.split(/[\\/]/).pop() ?? clip.file, 200)}`);
    const prompt = edlText(clip.prompt, COMMENT_LIMIT);
    if (prompt) lines.push(`* COMMENT: ${prompt}`);
    lines.push('');
  });
  return lines.join('\n');
}
