// File names for saved videos. Two sources: a prompt (free text, any language, possibly
// hostile) and a name a person chose (a shot list's `output`). Both must give a name that
// is valid on Windows, macOS and Linux, stays inside the output folder, and is readable in
// the explorer. Uniqueness is not decided here: files.ts picks `-2`, `-3`, … atomically.

/** Thrown by sanitiseBaseName for a name that tries to leave the output folder. */
export class InvalidFileNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFileNameError';
  }
}

const FALLBACK = 'video';

// Windows refuses these as a file's stem whatever the extension (`con.mp4` is the console).
const RESERVED_WINDOWS = new Set([
  'con', 'prn', 'aux', 'nul',
  'com1', 'com2', 'com3', 'com4', 'com5', 'com6', 'com7', 'com8', 'com9',
  'lpt1', 'lpt2', 'lpt3', 'lpt4', 'lpt5', 'lpt6', 'lpt7', 'lpt8', 'lpt9',
]);

// Letters that Unicode decomposition does not reduce to ASCII but that have a usual spelling.
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D',
  ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'ng', Ŋ: 'Ng',
};

// Extensions a person may type out of habit ("shot-01.mp4"); removed, since the caller
// chooses the real extension. Other dots stay as separators ("v1.2" → "v1-2").
const KNOWN_EXTENSIONS = /\.(mp4|m4v|mov|webm|mkv|avi|json|txt|png|jpe?g|webp|gif)$/i;

/** "Crème brûlée" → "Creme brulee"; letters without an ASCII form are left for the caller to drop. */
export function foldToAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßẞæÆœŒøØđĐłŁþÞðÐıħĦŋŊ]/g, (c) => SPECIAL_LETTERS[c] ?? c);
}

/**
 * Cuts at the last separator that keeps the result within `maxLength`, so a word is not
 * sliced in half; a single word longer than that is cut hard.
 */
function cutAtWordBoundary(name: string, maxLength: number, separators: RegExp): string {
  if (name.length <= maxLength) return name;
  const head = name.slice(0, maxLength + 1);
  let cut = -1;
  for (let i = head.length - 1; i > 0; i--) {
    if (separators.test(head.charAt(i))) {
      cut = i;
      break;
    }
  }
  return cut > 0 ? name.slice(0, cut) : name.slice(0, maxLength);
}

/** The last steps both sources share: never empty, never a device name, no leading dot. */
function finish(name: string): string {
  const trimmed = name.replace(/^[-.]+/, '').replace(/[-.]+$/, '');
  if (trimmed === '') return FALLBACK;
  return RESERVED_WINDOWS.has(trimmed.toLowerCase()) ? `${trimmed}-${FALLBACK}` : trimmed;
}

function clampLength(maxLength: number): number {
  return Number.isFinite(maxLength) ? Math.max(1, Math.floor(maxLength)) : 48;
}

/**
 * A short, safe, readable file stem from a prompt: "A cat on Mars, at dusk!" → "a-cat-on-mars-at-dusk".
 * ASCII lower case, digits and single hyphens only.
 */
export function baseNameFromPrompt(prompt: string, maxLength = 48): string {
  const slug = foldToAscii(prompt)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return finish(cutAtWordBoundary(slug, clampLength(maxLength), /-/));
}

/**
 * A file stem from a name a person gave. Keeps case and `_`, drops folders and a typed
 * extension ("renders/Shot_01.mp4" → "Shot_01"). A `..` segment is refused rather than
 * silently repaired: it is almost certainly an attempt to write outside the output folder,
 * and the person should see that.
 */
export function sanitiseBaseName(name: string, maxLength = 64): string {
  const segments = name.split(/[\\/]+/).map((s) => s.trim());
  if (segments.some((s) => s === '..')) {
    throw new InvalidFileNameError(`The file name "${name}" contains "..": names must stay inside the output folder.`);
  }
  let stem = segments.filter((s) => s !== '' && s !== '.').pop() ?? '';
  // Remove typed extensions, also stacked ones ("clip.mp4.json"), but keep at least a stem.
  while (KNOWN_EXTENSIONS.test(stem) && stem.replace(KNOWN_EXTENSIONS, '') !== '') stem = stem.replace(KNOWN_EXTENSIONS, '');
  const cleaned = foldToAscii(stem)
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return finish(cutAtWordBoundary(cleaned, clampLength(maxLength), /[-_]/));
}

/** The stem a job's video is saved under: the name asked for (a shot's `output`), else one made from the prompt. */
export function videoBaseName(request: { readonly prompt: string; readonly outputName?: string }): string {
  return request.outputName ? sanitiseBaseName(request.outputName) : baseNameFromPrompt(request.prompt);
}
