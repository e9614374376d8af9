// The decoder page: a panel that opens only while a command reads frames of a video
// (`veoStudio.saveFrame` and the others, without a preview to do it). It shows the video
// it reads, and answers each `grab` with the frame or with why it could not.
import { decoderFromPageSchema, decoderToPageSchema, type DecoderFromPage, type DecoderToPage } from '../frames/protocol';
import { failureOf, grabFrame } from './shared/frameGrab';
import { h } from './shared/dom';
import { loadBundle, t } from './shared/l10n';
import { connect } from './shared/channel';

loadBundle();
const channel = connect<DecoderToPage, DecoderFromPage, never>({ incoming: decoderToPageSchema, outgoing: decoderFromPageSchema });
const root = document.getElementById('app')!;
const status = h('p', { class: 'muted', role: 'status' }, t('Reading a frame of the video…'));
root.append(h('h1', {}, t('Veo Studio is reading a frame')), status);
root.setAttribute('aria-busy', 'false');

let video: HTMLVideoElement | undefined;
/** One grab at a time: they share the element. */
let queue: Promise<void> = Promise.resolve();

function videoFor(src: string): HTMLVideoElement {
  if (video?.dataset['src'] === src) return video;
  video?.remove();
  const element = h('video', { muted: true, playsinline: true, preload: 'auto', 'aria-label': t('The video being read') });
  // Before `src`: the request must be a CORS one for the canvas to give its pixels.
  element.crossOrigin = 'anonymous';
  element.muted = true;
  element.dataset['src'] = src;
  element.src = src;
  root.append(element);
  return (video = element);
}

channel.onMessage((message) => {
  queue = queue.then(async () => {
    try {
      const frame = await grabFrame(videoFor(message.src), message.at, message.maxWidth);
      channel.post({ type: 'grabbed', id: message.id, frame });
    } catch (error) {
      channel.post({ type: 'grabFailed', id: message.id, failure: failureOf(error) });
    }
  });
});

channel.post({ type: 'ready' });
