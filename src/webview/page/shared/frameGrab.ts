// Decoding a frame in the page: the <video> is moved to the frame wanted, drawn onto a
// canvas at the video's own resolution (or scaled down, for a poster), and the canvas
// gives its PNG. No ffmpeg anywhere: whatever the webview's browser can play, it can
// decode a frame of — the same in desktop VS Code and in VS Code in a browser.
//
// The video must be loaded with `crossOrigin = 'anonymous'`: webview resources come from
// another origin than the page, and a canvas that drew a cross-origin video without CORS is
// "tainted" and refuses to give its pixels (VS Code's resource loader answers with
// Access-Control-Allow-Origin: *, so the CORS request succeeds).
import type { FrameAt, FrameData, FrameFailure } from '../../frames/protocol';

/** How long loading or seeking may take before the frame is given up on. */
const TIMEOUT_MS = 15_000;
const MEDIA_ERRORS: Readonly<Record<number, string>> = {
  1: 'loading was stopped',
  2: 'a network error stopped loading it',
  3: 'it could not be decoded here',
  4: 'its format or codec is not supported here',
};

/** Why a frame could not be had (the extension words it for the person), with the browser's detail. */
export class FrameGrabError extends Error {
  override readonly name = 'FrameGrabError';
  constructor(
    readonly reason: FrameFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** Why the video failed, in words, when it did. */
export function mediaErrorText(video: HTMLVideoElement): string | undefined {
  const error = video.error;
  if (!error) return undefined;
  return `${MEDIA_ERRORS[error.code] ?? `error ${error.code}`}${error.message ? ` (${error.message})` : ''}`;
}

/** Resolves when `event` fires (at once when `ready` already holds); rejects on a media error or after the timeout. */
function waitFor(video: HTMLVideoElement, event: string, ready: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ready()) return resolve();
    const done = () => {
      clearTimeout(timer);
      video.removeEventListener(event, onEvent);
      video.removeEventListener('error', onError);
    };
    const onEvent = () => {
      done();
      resolve();
    };
    const onError = () => {
      done();
      reject(new FrameGrabError('decode', mediaErrorText(video) ?? 'unknown error'));
    };
    const timer = setTimeout(() => {
      done();
      const error = mediaErrorText(video);
      reject(error ? new FrameGrabError('decode', error) : new FrameGrabError('timeout', `it did not ${what} within ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
    video.addEventListener(event, onEvent);
    video.addEventListener('error', onError);
    if (video.error) onError();
  });
}

/**
 * A frame presented this far from the time sought is not the seek's: the callback of a frame
 * already on its way (the first one, shown when the video loaded) reports that frame's time.
 * The frame a seek shows starts at most one frame before the time sought (Veo clips run at
 * 24 fps), so half a second tells them apart.
 */
const FRAME_SLACK_S = 0.5;

/**
 * Resolves once the frame at `sought` is the one the element shows, with that frame's own
 * time when the browser tells it (requestVideoFrameCallback's `mediaTime`: the last frame of
 * a 2 s clip at 24 fps starts at 1.958 s, though the video was moved to 2.0).
 */
function framePresented(video: HTMLVideoElement, sought: number): Promise<number | undefined> {
  type FrameCallback = (now: number, metadata: { mediaTime: number }) => void;
  const withCallback = video as HTMLVideoElement & { requestVideoFrameCallback?: (cb: FrameCallback) => number };
  if (typeof withCallback.requestVideoFrameCallback !== 'function') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      resolve(undefined);
    }, 250);
    const ask = (): void => {
      withCallback.requestVideoFrameCallback!((_now, metadata) => {
        if (done) return;
        // An earlier frame's callback: wait for the one the seek puts on screen.
        if (Math.abs(metadata.mediaTime - sought) > FRAME_SLACK_S) return ask();
        done = true;
        clearTimeout(timer);
        resolve(metadata.mediaTime);
      });
    };
    ask();
  });
}

/** The time to seek to for `at`: 0, the very end (the browser then shows the last frame), or the time given. */
export function targetTime(at: FrameAt, video: Pick<HTMLVideoElement, 'duration' | 'currentTime'>): number {
  const duration = Number.isFinite(video.duration) ? video.duration : 0;
  if (at === 'first') return 0;
  if (at === 'last') return duration;
  if (at === 'current') return video.currentTime;
  return Math.min(Math.max(0, at), duration);
}

/**
 * The frame at `at` of a video element (which keeps the position it was moved to). With
 * `maxWidth`, the picture is scaled down to that width (a poster); otherwise it is the
 * video's own size.
 */
export async function grabFrame(video: HTMLVideoElement, at: FrameAt, maxWidth?: number): Promise<FrameData> {
  await waitFor(video, 'loadedmetadata', () => video.readyState >= 1, 'load');
  if (!video.videoWidth || !video.videoHeight) throw new FrameGrabError('noPicture', `${video.videoWidth}×${video.videoHeight}`);
  if (at !== 'current') video.pause();
  const time = targetTime(at, video);
  let shown: Promise<number | undefined> = Promise.resolve(undefined);
  if (Math.abs(video.currentTime - time) > 0.0005 || video.readyState < 2) {
    const seeked = waitFor(video, 'seeked', () => false, 'move to the frame');
    // Asked before the seek: the callback comes with the frame the seek puts on screen.
    shown = framePresented(video, time);
    video.currentTime = time;
    await seeked;
  }
  await waitFor(video, 'canplay', () => video.readyState >= 2, 'decode the frame');
  const mediaTime = await shown;
  const scale = maxWidth && video.videoWidth > maxWidth ? maxWidth / video.videoWidth : 1;
  const width = Math.max(1, Math.round(video.videoWidth * scale));
  const height = Math.max(1, Math.round(video.videoHeight * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new FrameGrabError('noCanvas', 'no 2d context');
  context.drawImage(video, 0, 0, width, height);
  let png: string;
  try {
    png = canvas.toDataURL('image/png');
  } catch (error) {
    throw new FrameGrabError('tainted', error instanceof Error ? error.message : String(error));
  }
  const shownAt = mediaTime !== undefined && Number.isFinite(mediaTime) ? mediaTime : video.currentTime;
  return { at: Math.round(Math.max(0, shownAt) * 1000) / 1000, width, height, png };
}

/** A failure of grabFrame (or anything else) as the protocol carries it. */
export function failureOf(error: unknown): { reason: FrameFailure; detail: string } {
  if (error instanceof FrameGrabError) return { reason: error.reason, detail: error.message.slice(0, 500) };
  return { reason: 'decode', detail: (error instanceof Error ? error.message : String(error)).slice(0, 500) };
}
