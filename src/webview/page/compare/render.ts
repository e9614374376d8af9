// Builds the compare page from the view the extension sent: the two videos side by side
// (without their own controls: one set of controls moves both), the shared controls, the
// prompts word by word and the table of what made each — all DOM nodes with text only.
import type { CompareFromPage, CompareView, Side } from '../../compare/protocol';
import { failureOf, grabFrame, mediaErrorText } from '../shared/frameGrab';
import { announcer, clear, h, icon } from '../shared/dom';
import { t } from '../shared/l10n';
import { FRAME_SECONDS, SyncedPair } from './sync';

const POSTER_WIDTH = 192;

export interface CompareTarget {
  readonly root: HTMLElement;
  post(message: CompareFromPage): void;
}

/** 1.25 → "00:01.250". */
function clock(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

function player(target: CompareTarget, view: CompareView, side: Side): { figure: HTMLElement; video: HTMLVideoElement } {
  const info = view[side];
  const which = side === 'left' ? t('Left') : t('Right');
  const video = h('video', { preload: 'auto', playsinline: true, 'aria-label': t('{0}: {1}', which, info.name), 'data-side': side });
  video.crossOrigin = 'anonymous';
  // One sound at a time: the left plays with sound, the right is muted.
  video.muted = side === 'right';
  video.src = info.src;
  const error = h('p', { class: 'error-text', hidden: true });
  video.addEventListener('error', () => {
    const message = mediaErrorText(video) ?? 'error';
    error.textContent = t('This video cannot be played here: {0}', message);
    error.hidden = false;
    target.post({ type: 'videoError', side, message: message.slice(0, 500) });
  });
  if (info.wantsPoster) {
    video.addEventListener(
      'loadeddata',
      () =>
        void grabFrame(video, 'current', POSTER_WIDTH).then(
          (frame) => target.post({ type: 'poster', side, frame }),
          (e: unknown) => target.post({ type: 'posterFailed', side, failure: failureOf(e) }),
        ),
      { once: true },
    );
  }
  const figure = h(
    'figure',
    { class: `side ${side}` },
    // The same lines on both sides (an empty note too), so the two videos stand level.
    h('figcaption', {}, h('strong', {}, which), ' ', h('span', { class: 'name' }, info.name), h('span', { class: 'title muted' }, info.title), h('span', { class: 'note muted' }, info.note ?? '\u00a0')),
    h('div', { class: 'frame' }, video),
    error,
  );
  return { figure, video };
}

function transport(pair: SyncedPair): HTMLElement {
  const playLabel = () => (pair.playing ? t('Pause Both') : t('Play Both'));
  const play = h('button', { type: 'button', class: 'primary', 'data-control': 'play' }, icon('debug-start'), playLabel());
  const back = h('button', { type: 'button', class: 'secondary', 'data-control': 'back', title: t('One frame back (1/24 s)') }, icon('chevron-left'), t('Frame Back'));
  const forward = h('button', { type: 'button', class: 'secondary', 'data-control': 'forward', title: t('One frame on (1/24 s)') }, t('Frame On'), icon('chevron-right'));
  const seek = h('input', { type: 'range', min: 0, max: 0, step: FRAME_SECONDS, value: 0, 'aria-label': t('Position in both videos'), 'data-control': 'seek' });
  const time = h('span', { class: 'time', 'aria-hidden': 'true' }, clock(0));
  let lastSaid = '';
  const update = () => {
    play.replaceChildren(icon(pair.playing ? 'debug-pause' : 'debug-start'), playLabel());
    seek.max = String(pair.duration);
    if (document.activeElement !== seek || pair.playing) seek.value = String(pair.time);
    seek.setAttribute('aria-valuetext', `${clock(pair.time)} / ${clock(pair.duration)}`);
    time.textContent = `${clock(pair.time)} / ${clock(pair.duration)}`;
    const said = pair.playing ? t('Playing both') : t('Both paused at {0}', clock(pair.time));
    if (said !== lastSaid && !(pair.playing && lastSaid === t('Playing both'))) announcer().textContent = said;
    lastSaid = said;
  };
  pair.onChange(update);
  play.addEventListener('click', () => void pair.toggle().catch(() => update()));
  back.addEventListener('click', () => pair.step(-1));
  forward.addEventListener('click', () => pair.step(1));
  seek.addEventListener('input', () => pair.seek(Number(seek.value)));
  update();
  return h('div', { class: 'transport', role: 'group', 'aria-label': t('Playback of both videos') }, back, play, forward, seek, time);
}

function prompts(view: CompareView): HTMLElement | null {
  if (!view.prompt) return null;
  const paragraph = (side: Side) => {
    const p = h('p', { class: `prompt ${side}` });
    for (const token of view.prompt![side]) {
      p.append(token.change === 'removed' ? h('del', {}, token.text) : token.change === 'added' ? h('ins', {}, token.text) : document.createTextNode(token.text));
    }
    return h('div', {}, h('h3', {}, side === 'left' ? t('Left') : t('Right')), p);
  };
  return h(
    'section',
    { class: 'prompts', 'aria-label': t('Prompts') },
    h('h2', {}, t('Prompts')),
    h('div', { class: 'pair' }, paragraph('left'), paragraph('right')),
    h('p', { class: 'legend muted' }, t('Words only in the left prompt are struck through; words only in the right are underlined.')),
  );
}

function facts(view: CompareView): HTMLElement {
  const body = h('tbody');
  for (const row of view.rows) {
    body.append(
      h(
        'tr',
        { class: row.same ? 'same' : 'differs' },
        h('th', { scope: 'row' }, row.field, row.same ? null : h('span', { class: 'marker' }, ' ≠'), row.same ? null : h('span', { class: 'visually-hidden' }, t(' (differs)'))),
        h('td', {}, row.left),
        h('td', {}, row.right),
      ),
    );
  }
  const differing = view.rows.filter((r) => !r.same).length;
  return h(
    'section',
    { class: 'facts' },
    h('h2', {}, t('What made them')),
    h('p', { class: 'muted' }, differing ? t('{0} of {1} differ (marked ≠).', differing, view.rows.length) : t('Made the same way.')),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Field')), h('th', { scope: 'col' }, t('Left')), h('th', { scope: 'col' }, t('Right')))), body),
  );
}

export function renderCompare(target: CompareTarget, view: CompareView): void {
  const { root } = target;
  clear(root);
  root.className = 'compare';
  root.setAttribute('aria-busy', 'false');
  const left = player(target, view, 'left');
  const right = player(target, view, 'right');
  const pair = new SyncedPair(left.video, right.video);
  const swap = h('button', { type: 'button', class: 'secondary', 'data-control': 'swap' }, icon('arrow-swap'), t('Swap Sides'));
  swap.addEventListener('click', () => target.post({ type: 'swap' }));
  root.append(
    h('header', { class: 'head' }, h('h1', {}, t('Compare')), swap),
    h('section', { class: 'players', 'aria-label': t('The two videos') }, left.figure, right.figure),
    transport(pair),
    h('p', { class: 'muted' }, icon('info'), ' ', t('The left video plays with sound; the right one is muted.')),
  );
  const p = prompts(view);
  if (p) root.append(p);
  root.append(facts(view));
}
