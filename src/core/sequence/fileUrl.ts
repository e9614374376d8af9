// How timelines point at their videos: FCPXML wants an absolute file:// URL, OTIO a URL
// relative to the .otio file. Written here rather than with url.pathToFileURL so the result
// depends on the path alone, not on the machine that exports (a Windows path gives the same
// URL on Linux), and exports can be compared byte for byte.

const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;
const UNC = /^\\\\[^\\]+\\[^\\]+/;

/** Percent-encodes one path segment: everything but unreserved characters, as UTF-8. */
export function encodeSegment(segment: string): string {
  // encodeURIComponent leaves !'()* alone; they are legal in a path, and editors accept them.
  return encodeURIComponent(segment.replace(/[\uD800-\uDFFF]/g, (c, at: number, all: string) => (isPaired(all, at) ? c : '\uFFFD')));
}

function isPaired(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code <= 0xdbff) return at + 1 < text.length && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00;
  return at > 0 && (text.charCodeAt(at - 1) & 0xfc00) === 0xd800;
}

/** "file:///Users/me/My%20Film/shot-01.mp4", "file:///C:/Videos/a.mp4", "file://server/share/a.mp4". */
export function fileUrl(absolutePath: string): string {
  if (UNC.test(absolutePath)) {
    const [host, ...rest] = absolutePath.slice(2).split(/[\\/]/);
    return `file://${encodeSegment(host!)}/${rest.map(encodeSegment).join('/')}`;
  }
  if (WINDOWS_DRIVE.test(absolutePath)) {
    const [drive, ...rest] = absolutePath.split(/[\\/]/);
    return `file:///${drive!.toUpperCase()}/${rest.map(encodeSegment).join('/')}`;
  }
  if (!absolutePath.startsWith('/')) throw new RangeError(`not an absolute path: ${absolutePath}`);
  return `file://${absolutePath.split('/').map(encodeSegment).join('/')}`;
}

/**
 * The video as a URL relative to the folder of the file that points at it ("videos/shot%2001.mp4",
 * "../shots/a.mp4"); an absolute file:// URL when no relative one exists (another drive).
 */
export function relativeUrl(fromFile: string, toFile: string): string {
  const style = WINDOWS_DRIVE.test(fromFile) || UNC.test(fromFile) ? 'windows' : 'posix';
  const split = (p: string) => p.split(style === 'windows' ? /[\\/]/ : '/').filter((s, i) => s !== '' || i === 0);
  const from = split(fromFile).slice(0, -1);
  const to = split(toFile);
  const same = (a: string, b: string) => (style === 'windows' ? a.toLowerCase() === b.toLowerCase() : a === b);
  // The root that must be shared: "" for "/", the drive for "C:", the server and share for a UNC path.
  const root = UNC.test(fromFile) ? 3 : 1;
  if (from.length < root || to.length <= root) return fileUrl(toFile);
  for (let i = 0; i < root; i++) if (!same(from[i]!, to[i]!)) return fileUrl(toFile);
  let common = root;
  while (common < from.length && common < to.length - 1 && same(from[common]!, to[common]!)) common++;
  const up = from.slice(common).map(() => '..');
  return [...up, ...to.slice(common).map(encodeSegment)].join('/');
}
