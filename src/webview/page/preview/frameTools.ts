// The preview's frame tools: Save Frame (the frame on screen, the video paused), First and
// Last Frame, Continue from Frame and Continue from Last Frame — each decodes the frame
// here, in the page (shared/frameGrab.ts), and sends its PNG to the extension, which checks
// it, saves it and lists it in the sidecar. Below them, the strip of frames saved from this
// video; a click on one moves the video there. And, once, the video's poster.
import type { FramePurpose, FromPage, PreviewView } from '../../preview/protocol';
import type { FrameAt } from '../../frames/protocol';
import { failureOf, grabFrame } from '../shared/frameGrab';
import { h, icon } from '../shared/dom';
import { t } from '../shared/l10n';

/** Where the tools send what they decoded. */
interface RenderTarget {
  post(message: FromPage): void;
}

/** How wide the poster the page makes is (the extension keeps it as the Jobs view's icon). */
const POSTER_WIDTH = 192;

interface Tool {
  readonly key: string;
  readonly label: string;
  readonly icon: string;
  readonly at: FrameAt;
  readonly purpose: FramePurpose;
}

const tools = (): Tool[] => [
  { key: 'save-current', label: t('Save Frame'), icon: 'device-camera', at: 'current', purpose: 'save' },
  { key: 'save-first', label: t('First Frame'), icon: 'debug-step-back', at: 'first', purpose: 'save' },
  { key: 'save-last', label: t('Last Frame'), icon: 'debug-step-over', at: 'last', purpose: 'save' },
  { key: 'continue-current', label: t('Continue from Frame'), icon: 'arrow-circle-right', at: 'current', purpose: 'continue' },
  { key: 'continue-last', label: t('Continue from Last Frame'), icon: 'debug-continue', at: 'last', purpose: 'continue' },
];

/** 5.24 → "00:05.240", as the saved frame's name says it. */
export function timeText(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const minutes = Math.floor(ms / 60_000);
  const rest = ms - minutes * 60_000;
  return `${String(minutes).padStart(2, '0')}:${String(Math.floor(rest / 1000)).padStart(2, '0')}.${String(rest % 1000).padStart(3, '0')}`;
}

/** Decodes a frame and sends it; the video returns to where it was for the first and last frame. */
async function take(target: RenderTarget, view: PreviewView, video: HTMLVideoElement, tool: Tool, button: HTMLButtonElement): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  const back = tool.at === 'current' ? undefined : video.currentTime;
  video.pause();
  try {
    const frame = await grabFrame(video, tool.at);
    target.post({ type: 'frame', jobId: view.jobId, purpose: tool.purpose, frame });
  } catch (error) {
    target.post({ type: 'frameFailed', jobId: view.jobId, purpose: tool.purpose, failure: failureOf(error) });
    button.removeAttribute('aria-disabled');
  } finally {
    if (back !== undefined) video.currentTime = back;
  }
}

/** The tools and the strip, for a view with a video. */
export function frameTools(target: RenderTarget, view: PreviewView, video: HTMLVideoElement): HTMLElement {
  const group = h('div', { class: 'frame-tools', role: 'group', 'aria-label': t('Frames') });
  for (const tool of tools()) {
    const button = h('button', { type: 'button', class: 'secondary', 'data-frame': tool.key, title: tool.label }, icon(tool.icon), tool.label);
    button.addEventListener('click', () => void take(target, view, video, tool, button));
    group.append(button);
  }
  const section = h('section', { class: 'frames' }, group);
  if (view.frames?.length) {
    const strip = h('ul', { class: 'strip', 'aria-label': t('Saved frames') });
    for (const frame of view.frames) {
      const when = timeText(frame.at);
      strip.append(
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'thumb', 'data-frame': `at-${frame.name}`, title: frame.name, 'aria-label': t('Frame at {0}: show it in the video', when), onclick: () => void (video.currentTime = frame.at) },
            h('img', { src: frame.src, alt: '' }),
          ),
          h('span', { class: 'muted' }, when),
        ),
      );
    }
    section.append(h('h2', {}, t('Saved frames')), strip);
  }
  return section;
}

/** Once the first frame is on screen (before any play), a small copy of it becomes the video's poster. */
export function sendPosterWhenLoaded(target: RenderTarget, view: PreviewView, video: HTMLVideoElement): void {
  if (!view.wantsPoster || video.dataset['poster'] !== undefined) return;
  video.dataset['poster'] = 'pending';
  const send = () => {
    if (!video.paused || video.currentTime > 0.01) return;
    video.dataset['poster'] = 'sent';
    void grabFrame(video, 'current', POSTER_WIDTH).then(
      (frame) => target.post({ type: 'frame', jobId: view.jobId, purpose: 'poster', frame }),
      (error: unknown) => target.post({ type: 'frameFailed', jobId: view.jobId, purpose: 'poster', failure: failureOf(error) }),
    );
  };
  if (video.readyState >= 2) send();
  else video.addEventListener('loadeddata', send, { once: true });
}
