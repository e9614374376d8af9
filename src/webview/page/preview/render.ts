// Builds the preview page from the view the extension sent: DOM nodes with text only.
// The <video> element is kept while its source stays the same, so a refresh of the details
// (elapsed time, cost arriving) never interrupts playback. Whether it failed to play is kept
// on the element too (`data-error`), so its hint survives those refreshes. A refresh keeps
// the keyboard focus where it was, and a change of the job's state (not every tick of its
// elapsed time) is said once in a live region that outlives the refreshes.
import type { FromPage, Intent, PreviewView } from '../../preview/protocol';
import { announcer, clear, h, icon } from '../shared/dom';
import { t } from '../shared/l10n';
import { frameTools, sendPosterWhenLoaded } from './frameTools';

export interface RenderTarget {
  readonly root: HTMLElement;
  post(message: FromPage): void;
}

const STATUS_ICONS: Readonly<Record<PreviewView['status'], string>> = {
  submitting: 'loading codicon-modifier-spin',
  unconfirmed: 'question',
  pending: 'loading codicon-modifier-spin',
  downloading: 'loading codicon-modifier-spin',
  completed: 'pass',
  failed: 'error',
  timedOut: 'watch',
  cancelled: 'circle-slash',
};

const PROBLEM_ICONS = { error: 'error', warning: 'warning', info: 'info' } as const;

const videoError = () => t('This video cannot be played here. Open Externally plays it with your system player.');

/** What was last said, by job and state. */
let announced = '';

function announce(key: string, text: string): void {
  if (key === announced) return;
  announced = key;
  announcer().textContent = text;
}

export function renderView(target: RenderTarget, view: PreviewView): void {
  const { root } = target;
  // Keep focus where it was across a re-render: a button of the same intent, or the kept video.
  const focused = document.activeElement as HTMLElement | null;
  const focusedIntent = focused?.dataset?.['intent'];
  const focusedFrameTool = focused?.dataset?.['frame'];
  const keptVideo = root.querySelector<HTMLVideoElement>('video');
  const video = keptVideo && view.video && keptVideo.dataset['src'] === view.video.src ? keptVideo : view.video ? makeVideo(target, view) : undefined;

  clear(root);
  root.className = `preview status-${view.status}`;
  root.setAttribute('aria-busy', 'false');

  root.append(
    h(
      'header',
      { class: 'head' },
      h('h1', { class: 'title', title: view.prompt }, view.title),
      h('p', { class: 'status' }, icon(STATUS_ICONS[view.status]), ' ', view.statusText),
    ),
  );

  const stage = h('section', { class: 'stage', 'aria-label': t('Video: {0}', view.title) });
  if (video) {
    stage.append(h('div', { class: 'frame' }, video));
  } else if (view.status === 'submitting' || view.status === 'pending' || view.status === 'downloading') {
    // Where the video will appear once it is saved.
    stage.append(h('div', { class: 'frame empty', 'aria-hidden': 'true' }, icon(STATUS_ICONS[view.status])));
  }
  const failed = video?.dataset['error'] !== undefined;
  stage.append(h('p', { class: 'video-error error-text', hidden: !failed }, failed && videoError()));
  if (view.problem) {
    stage.append(
      h(
        'div',
        { class: `banner problem ${view.problem.severity}`, role: 'note' },
        h('p', { class: 'problem-message' }, icon(PROBLEM_ICONS[view.problem.severity]), ' ', view.problem.message),
        h('p', { class: 'problem-advice' }, view.problem.advice),
      ),
    );
  }
  const toolbar = h('div', { class: 'actions', role: 'group', 'aria-label': t('Actions') });
  for (const action of view.actions) {
    toolbar.append(
      h(
        'button',
        {
          type: 'button',
          class: action.primary ? 'primary' : 'secondary',
          'data-intent': action.intent,
          onclick: (e: Event) => {
            const button = e.currentTarget as HTMLButtonElement;
            // Until the extension answers with a fresh view: no double "Regenerate". Not
            // `disabled`, which would take the keyboard focus away from the button.
            if (button.getAttribute('aria-disabled') === 'true') return;
            button.setAttribute('aria-disabled', 'true');
            target.post({ type: action.intent as Intent, jobId: view.jobId });
          },
        },
        icon(action.icon),
        action.label,
      ),
    );
  }
  stage.append(toolbar);
  if (video) {
    stage.append(frameTools(target, view, video));
    sendPosterWhenLoaded(target, view, video);
  }
  if (view.audioNote) stage.append(h('p', { class: 'audio-note muted' }, icon('info'), ' ', view.audioNote));

  const details = h('aside', { class: 'details' });
  details.append(h('h2', {}, t('Prompt')), h('p', { class: 'prompt' }, view.prompt));
  for (const section of view.sections) {
    const list = h('dl', {});
    for (const row of section.rows) list.append(h('dt', {}, row.label), h('dd', {}, row.value));
    details.append(h('h2', {}, section.title), list);
  }

  root.append(h('div', { class: 'layout' }, stage, details));

  // A button of that intent may be gone (a new job has other actions): the first action then,
  // not nowhere — but never Cancel, where a second press of Enter would stop the new job.
  if (focusedFrameTool) {
    root.querySelector<HTMLElement>(`button[data-frame="${CSS.escape(focusedFrameTool)}"]`)?.focus();
  } else if (focusedIntent) {
    const same = root.querySelector<HTMLElement>(`button[data-intent="${CSS.escape(focusedIntent)}"]`);
    (same ?? root.querySelector<HTMLElement>('.actions button:not([data-intent="cancel"])') ?? root.querySelector<HTMLElement>('.actions button'))?.focus();
  }
  else if (focused && focused !== document.activeElement && root.contains(focused)) focused.focus();

  announce(`${view.jobId} ${view.status}`, [view.statusText, view.problem?.message].filter(Boolean).join('. '));
}

function makeVideo(target: RenderTarget, view: PreviewView): HTMLVideoElement {
  const video = h('video', { controls: true, preload: 'auto', playsinline: true, 'aria-label': t('Video: {0}', view.title) });
  // A CORS request (before `src`), so a canvas may read its frames (see shared/frameGrab.ts).
  video.crossOrigin = 'anonymous';
  video.dataset['src'] = view.video!.src;
  video.src = view.video!.src;
  video.addEventListener('error', () => {
    // Remembered on the element, which outlives the page around it (see renderView).
    video.dataset['error'] = '';
    const note = target.root.querySelector<HTMLElement>('.video-error');
    if (note) {
      note.textContent = videoError();
      note.hidden = false;
    }
    announce(`${view.jobId} video error`, videoError());
    const code = video.error?.code;
    target.post({ type: 'videoError', jobId: view.jobId, message: `${code ?? '?'} ${video.error?.message ?? ''}`.trim().slice(0, 500) });
  });
  return video;
}

export function renderGone(root: HTMLElement, message: string): void {
  clear(root);
  root.className = 'preview gone';
  root.setAttribute('aria-busy', 'false');
  root.append(h('div', { class: 'banner warning', role: 'note' }, h('p', {}, icon('info'), ' ', message)));
  announce(`gone ${message}`, message);
}
