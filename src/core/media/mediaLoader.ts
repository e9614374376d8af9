// Turns the images (and videos) a person picked into what the service takes: https URLs
// as they are, workspace files as base64 data URIs. Every file is checked before anything
// is sent — a clear message for a non-image, an empty or huge file, or a link that leads
// out of the workspace — and a small image earns a warning, not a refusal.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { checkTransport } from '../net/urlPolicy';
import { formatBytes } from '../util/format';
import type { MediaRef } from '../jobs/job';
import { IMAGE_MIMES, imageSize, sniffMime, type ImageMime, type Size } from './sniff';
import { isInside } from '../util/paths';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_VIDEO_BYTES = 100 * 1024 * 1024;
/** The docs ask for 720p or larger; smaller works, but looks worse. */
export const RECOMMENDED_SHORT_SIDE = 720;

export class MediaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaError';
  }
}

export interface MediaInfo {
  readonly path: string;
  readonly mime: string;
  readonly bytes: number;
  readonly size?: Size;
  /** Set when the file is usable but not ideal (e.g. smaller than 720p). */
  readonly warning?: string;
}

export interface MediaPolicy {
  /** Workspace folders: a file inside one must not be a link that leads outside all of them. */
  readonly roots: () => readonly string[];
  readonly maxImageBytes?: number;
  readonly maxVideoBytes?: number;
}

const HEAD_BYTES = 64 * 1024;


function uploadLimit(accepts: 'image' | 'video', policy: MediaPolicy): number {
  return accepts === 'image' ? (policy.maxImageBytes ?? MAX_IMAGE_BYTES) : (policy.maxVideoBytes ?? MAX_VIDEO_BYTES);
}

/** Checks a local file and describes it; throws MediaError with a reason a person can act on. */
export async function inspectMedia(file: string, accepts: 'image' | 'video', policy: MediaPolicy): Promise<MediaInfo> {
  const name = path.basename(file);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new MediaError(`${name} was not found.`);
  }
  if (!stat.isFile()) throw new MediaError(`${name} is not a file.`);
  if (stat.size === 0) throw new MediaError(`${name} is empty (0 bytes).`);

  // A file that sits in the workspace must really be there: a symlink to ~/.ssh/id_rsa
  // named frame.png would otherwise be uploaded. Files chosen outside the workspace
  // (the file dialog) are the person's explicit choice.
  const roots = policy.roots();
  const inWorkspace = roots.filter((r) => isInside(path.resolve(file), r));
  if (inWorkspace.length) {
    const real = await fs.realpath(file);
    const realRoots = await Promise.all(inWorkspace.map((r) => fs.realpath(r).catch(() => r)));
    if (!realRoots.some((r) => isInside(real, r))) throw new MediaError(`${name} is a link to a file outside the workspace; refusing to send it.`);
  }

  const limit = uploadLimit(accepts, policy);
  if (stat.size > limit) {
    throw new MediaError(`${name} is ${formatBytes(stat.size)}, over the ${formatBytes(limit)} limit for uploads. Use a smaller file, or give an https URL instead.`);
  }

  const handle = await fs.open(file, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const mime = sniffMime(head);
  if (accepts === 'image') {
    if (!mime || !(IMAGE_MIMES as readonly string[]).includes(mime)) {
      throw new MediaError(`${name} is not a PNG, JPEG or WebP image${mime ? ` (it is ${mime})` : ''}.`);
    }
    const size = imageSize(head, mime as ImageMime);
    const short = size ? Math.min(size.width, size.height) : undefined;
    const warning =
      short !== undefined && short < RECOMMENDED_SHORT_SIDE
        ? `${name} is ${size!.width}×${size!.height}, smaller than the 720p the service recommends; the video may look soft.`
        : undefined;
    return { path: file, mime, bytes: stat.size, ...(size ? { size } : {}), ...(warning ? { warning } : {}) };
  }
  if (!mime || !mime.startsWith('video/')) throw new MediaError(`${name} is not a video (MP4, MOV or WebM).`);
  return { path: file, mime, bytes: stat.size };
}

/**
 * A medium checked and ready to send: an https URL as it is, or a workspace file (checked:
 * what it is, how big, inside the workspace) whose bytes are read only as it is sent.
 */
export async function checkMediaRef(
  ref: MediaRef,
  accepts: 'image' | 'video',
  policy: MediaPolicy,
): Promise<{ readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly path: string; readonly mime: string; readonly bytes: number }> {
  if (ref.kind === 'url') {
    const checked = checkTransport(ref.url);
    if (!checked.ok || checked.url.protocol !== 'https:') throw new MediaError(`${ref.url} is not an https URL.`);
    return { kind: 'url', url: ref.url };
  }
  const info = await inspectMedia(ref.path, accepts, policy);
  return { kind: 'file', path: ref.path, mime: info.mime, bytes: info.bytes };
}
