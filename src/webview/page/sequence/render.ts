// Builds the sequence page from the views the extension sends: one <video> that plays the
// clips one after another (on `ended`, the next clip; gaps are stepped over), its controls,
// and the strip of tiles — one per shot, a button each: click, Enter or Space jumps there,
// the arrow keys (and Home, End) move between tiles, the tile playing is marked. All DOM
// nodes with text only. A view sent again keeps the player where it is when it can.
import type { SequenceFromPage, SequenceTile, SequenceView } from '../../sequence/protocol';
import { failureOf, grabFrame, mediaErrorText } from '../shared/frameGrab';
import { clear, h, icon } from '../shared/dom';
import { t } from '../shared/l10n';
import { clipFrom, clock, filmTime, isClip, keyTarget, nextClip, previousClip, samePlace } from './playlist';

const POSTER_WIDTH = 192;

export interface SequenceTarget {
  readonly root: HTMLElement;
  post(message: SequenceFromPage): void;
}

const GAP_ICONS: Readonly<Record<string, string>> = { notGenerated: 'circle-slash', generating: 'loading', stale: 'warning', unreadable: 'error' };

function announcer(): HTMLElement {
  let el = document.getElementById('announce');
  if (!el) {
    el = h('p', { id: 'announce', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    document.body.append(el);
  }
  return el;
}

export class SequencePlayer {
  private view: SequenceView | undefined;
  private at: number | undefined;
  /** The strip tile that takes the Tab stop (the roving tabindex). */
  private focusAt = 0;
  private readonly video: HTMLVideoElement;
  private readonly error = h('p', { class: 'error-text', hidden: true });
  private readonly caption = h('div', { class: 'caption' });
  private readonly position = h('span', { class: 'time' });
  private readonly playButton = h('button', { type: 'button', class: 'primary', 'data-control': 'play' });
  private readonly previous = h('button', { type: 'button', class: 'secondary', 'data-control': 'previous' }, icon('chevron-left'), t('Previous Shot'));
  private readonly next = h('button', { type: 'button', class: 'secondary', 'data-control': 'next' }, t('Next Shot'), icon('chevron-right'));
  private readonly strip = h('ol', { class: 'strip', 'aria-label': t('Shots') });
  /** Posters made here, by clip URI: a view sent again does not make them again. */
  private readonly posters = new Map<string, string>();
  private readonly wanted: Array<{ index: number; src: string }> = [];
  private makingPosters = false;

  constructor(private readonly target: SequenceTarget) {
    this.video = h('video', { controls: true, preload: 'auto', playsinline: true, 'aria-label': t('The sequence') });
    this.video.addEventListener('ended', () => this.onEnded());
    this.video.addEventListener('error', () => this.onError());
    for (const event of ['play', 'pause', 'timeupdate', 'loadedmetadata']) this.video.addEventListener(event, () => this.updateControls());
    this.playButton.addEventListener('click', () => this.toggle());
    this.previous.addEventListener('click', () => this.step(-1));
    this.next.addEventListener('click', () => this.step(1));
    this.strip.addEventListener('keydown', (e) => this.onStripKey(e));
  }

  show(view: SequenceView): void {
    const before = this.view;
    this.view = view;
    const place = before ? samePlace(before.tiles, this.at, view.tiles) : { at: clipFrom(view.tiles, 0), keep: false };
    this.build(view);
    if (!place.keep || place.at === undefined) this.load(place.at, false);
    else this.at = place.at;
    this.focusAt = Math.min(Math.max(0, this.at ?? this.focusAt), Math.max(0, view.tiles.length - 1));
    this.drawStrip();
    this.updateControls();
    for (const tile of view.tiles) {
      if (isClip(tile) && tile.wantsPoster && !tile.poster && !this.posters.has(tile.src) && !this.wanted.some((w) => w.src === tile.src)) this.wanted.push({ index: tile.index, src: tile.src });
    }
    void this.makePosters();
  }

  /** The page's frame, drawn again for every view (the video element stays the same one). */
  private build(view: SequenceView): void {
    const { root } = this.target;
    const hadFocusInStrip = this.strip.contains(document.activeElement);
    clear(root);
    root.className = 'sequence';
    root.setAttribute('aria-busy', 'false');
    root.append(h('header', { class: 'head' }, h('h1', {}, view.title), h('p', { class: 'muted summary' }, view.summary)));
    if (view.empty) {
      this.video.pause();
      this.video.removeAttribute('src');
      root.append(h('div', { class: 'banner empty', role: 'status' }, icon('info'), ' ', view.empty));
    } else {
      root.append(
        h('section', { class: 'player', 'aria-label': t('Player') }, h('div', { class: 'frame' }, this.video), this.error, this.caption),
        h('div', { class: 'transport', role: 'group', 'aria-label': t('Playback of the sequence') }, this.previous, this.playButton, this.next, this.position),
      );
    }
    if (view.tiles.length) root.append(h('nav', { class: 'timeline', 'aria-label': t('Timeline') }, h('h2', {}, t('Timeline')), this.strip));
    if (hadFocusInStrip) queueMicrotask(() => this.focusTile(this.focusAt));
  }

  private tile(tile: SequenceTile, position: number): HTMLElement {
    const current = position === this.at;
    const picture = isClip(tile)
      ? (() => {
          const poster = tile.poster ?? this.posters.get(tile.src);
          return poster ? h('img', { src: poster, alt: '' }) : h('span', { class: 'placeholder' }, icon('device-camera-video'));
        })()
      : // A gap's state stands where its picture would: what is missing, in words and an icon.
        h('span', { class: `placeholder gap-${tile.gap}` }, icon(GAP_ICONS[tile.gap] ?? 'circle-slash'), h('span', { class: 'state' }, tile.state));
    const facts = h(
      'span',
      { class: 'facts' },
      // Not colour alone: the tile playing also has a play mark (aria-current says it to a screen reader).
      current ? icon('play') : null,
      h('span', { class: 'number', 'aria-hidden': 'true' }, String(tile.index + 1)),
      isClip(tile) ? h('span', { class: 'duration' }, tile.duration) : null,
    );
    const button = h(
      'button',
      {
        type: 'button',
        class: `tile ${tile.kind}${current ? ' current' : ''}`,
        'data-shot': tile.index,
        tabindex: position === this.focusAt ? 0 : -1,
        'aria-current': current ? 'true' : undefined,
        'aria-disabled': isClip(tile) ? undefined : 'true',
        // The state may be cut short on the tile: all of it on hover.
        title: isClip(tile) ? undefined : tile.state,
      },
      h('span', { class: 'visually-hidden' }, `${tile.label}: `),
      h('span', { class: 'thumb' }, picture),
      facts,
      h('span', { class: 'prompt' }, tile.prompt || tile.label),
    );
    button.addEventListener('click', () => this.jump(position));
    button.addEventListener('focus', () => {
      this.focusAt = position;
      this.roveTabStop();
    });
    return h('li', {}, button);
  }

  private drawStrip(): void {
    const tiles = this.view?.tiles ?? [];
    const focused = this.strip.contains(document.activeElement);
    this.strip.replaceChildren(...tiles.map((tile, i) => this.tile(tile, i)));
    if (focused) this.focusTile(this.focusAt);
  }

  private roveTabStop(): void {
    this.strip.querySelectorAll<HTMLButtonElement>('button.tile').forEach((b, i) => b.setAttribute('tabindex', i === this.focusAt ? '0' : '-1'));
  }

  private focusTile(position: number): void {
    const button = this.strip.querySelectorAll<HTMLButtonElement>('button.tile')[position];
    if (!button) return;
    this.focusAt = position;
    this.roveTabStop();
    button.focus();
    button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private onStripKey(event: KeyboardEvent): void {
    const count = this.view?.tiles.length ?? 0;
    const to = keyTarget(event.key, this.focusAt, count);
    if (to === undefined) return;
    event.preventDefault();
    this.focusTile(to);
  }

  /** A tile chosen: a clip plays from its start (if the film was playing); a gap says what it is. */
  private jump(position: number): void {
    const tile = this.view?.tiles[position];
    if (!tile) return;
    if (!isClip(tile)) {
      announcer().textContent = t('{0}: {1}', tile.label, tile.state);
      return;
    }
    this.load(position, !this.video.paused || this.video.ended);
    this.drawStrip();
    this.focusTile(position);
  }

  /** Puts the clip at `position` in the player (none: empty), playing it when `play`. */
  private load(position: number | undefined, play: boolean): void {
    this.at = position;
    this.error.hidden = true;
    const tile = position !== undefined ? this.view?.tiles[position] : undefined;
    if (!isClip(tile)) {
      this.video.removeAttribute('src');
      this.caption.replaceChildren();
      return;
    }
    this.video.src = tile.src;
    this.caption.replaceChildren(
      h('strong', {}, tile.label),
      h('span', { class: 'muted' }, ` · ${tile.take} · ${tile.name} · ${tile.duration}`),
      h('span', { class: 'prompt' }, tile.prompt),
    );
    if (play) void this.video.play().catch(() => this.updateControls());
  }

  private onEnded(): void {
    const at = this.at;
    const next = at !== undefined && this.view ? nextClip(this.view.tiles, at) : undefined;
    if (next === undefined) {
      announcer().textContent = t('End of the sequence');
      this.updateControls();
      return;
    }
    this.load(next, true);
    this.drawStrip();
    const tile = this.view!.tiles[next]!;
    announcer().textContent = t('{0}: {1}', tile.label, tile.prompt);
  }

  private onError(): void {
    const tile = this.at !== undefined ? this.view?.tiles[this.at] : undefined;
    if (!isClip(tile) || !this.video.getAttribute('src')) return;
    const message = mediaErrorText(this.video) ?? 'error';
    this.error.textContent = t('This video cannot be played here: {0}', message);
    this.error.hidden = false;
    this.target.post({ type: 'videoError', index: tile.index, message: message.slice(0, 500) });
  }

  private toggle(): void {
    if (this.at === undefined) return;
    if (this.video.paused || this.video.ended) {
      // At the end of the last clip, Play starts the film again.
      if (this.video.ended && this.view && nextClip(this.view.tiles, this.at) === undefined) {
        this.load(clipFrom(this.view.tiles, 0), true);
        this.drawStrip();
        return;
      }
      void this.video.play().catch(() => this.updateControls());
    } else {
      this.video.pause();
    }
  }

  private step(direction: 1 | -1): void {
    if (!this.view || this.at === undefined) return;
    const to = direction > 0 ? nextClip(this.view.tiles, this.at) : previousClip(this.view.tiles, this.at);
    if (to === undefined) return;
    this.load(to, !this.video.paused);
    this.drawStrip();
  }

  private updateControls(): void {
    const tiles = this.view?.tiles ?? [];
    const playing = !this.video.paused && !this.video.ended;
    this.playButton.replaceChildren(icon(playing ? 'debug-pause' : 'play'), playing ? t('Pause') : t('Play'));
    this.playButton.toggleAttribute('disabled', this.at === undefined);
    this.previous.toggleAttribute('disabled', this.at === undefined || previousClip(tiles, this.at) === undefined);
    this.next.toggleAttribute('disabled', this.at === undefined || nextClip(tiles, this.at) === undefined);
    const { at, total } = filmTime(tiles, this.at, this.video.currentTime || 0);
    const clips = tiles.filter(isClip).length;
    const nth = this.at !== undefined ? tiles.slice(0, this.at + 1).filter(isClip).length : 0;
    this.position.textContent = `${t('Clip {0} of {1}', nth, clips)} · ${t('{0} / {1}', clock(at), clock(total))}`;
  }

  /** Makes the posters the extension has not got, one at a time, each in a video of its own. */
  private async makePosters(): Promise<void> {
    if (this.makingPosters) return;
    this.makingPosters = true;
    try {
      for (let next = this.wanted.shift(); next; next = this.wanted.shift()) {
        if (this.posters.has(next.src)) continue;
        const video = document.createElement('video');
        video.crossOrigin = 'anonymous';
        video.muted = true;
        video.preload = 'auto';
        video.src = next.src;
        try {
          const frame = await grabFrame(video, 'first', POSTER_WIDTH);
          this.posters.set(next.src, frame.png);
          this.target.post({ type: 'poster', index: next.index, src: next.src, frame });
          this.drawStrip();
        } catch (error) {
          this.target.post({ type: 'posterFailed', index: next.index, failure: failureOf(error) });
        } finally {
          video.removeAttribute('src');
          video.load();
        }
      }
    } finally {
      this.makingPosters = false;
    }
  }
}
