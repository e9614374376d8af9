// One media slot of the chosen model (an image, first or last frame, 1–3 references, a
// video to extend): what fills it, with thumbnails, and the four ways to fill it — the
// workspace list, the native file dialog, a drop from the Explorer, an https URL. The page
// never reads a file: it names one, and the extension checks it and answers.
import type { MediaSlot } from '../../../core/catalog/types';
import type { MediaItem, WorkspaceEntry } from '../../generator/messages';
import { clear, h, icon } from '../shared/dom';
import { t } from '../shared/l10n';
import { errorLine, type ErrorLine } from './controls';
import { slotCapacity } from './state';
import { listNote, slotText } from './text';

/** How many rows the workspace list shows at once; the search narrows the rest. */
const LIST_LIMIT = 60;

export interface SlotActions {
  pickWorkspace(path: string): void;
  browse(): void;
  addUrl(url: string): void;
  drop(uris: string[]): void;
  /** Something was dropped that is not a file from VS Code (e.g. from the OS file manager). */
  dropRefused(message: string): void;
  remove(index: number): void;
}

export class SlotView {
  readonly root: HTMLElement;
  private readonly items: HTMLElement;
  private readonly adder: HTMLElement;
  private readonly picker: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly urlRow: HTMLElement;
  private readonly urlInput: HTMLInputElement;
  private readonly pickerButton: HTMLButtonElement;
  private readonly urlButton: HTMLButtonElement;
  private readonly busyLine: HTMLElement;
  private readonly dropText: HTMLElement;
  private readonly error: ErrorLine;
  private entries: readonly WorkspaceEntry[] = [];
  private shown: readonly MediaItem[] = [];
  private full = false;

  constructor(
    readonly slot: MediaSlot,
    private readonly actions: SlotActions,
  ) {
    const id = `slot-${slot.field}`;
    const titleId = `${id}-title`;
    const words = slotText(slot, 0, t);

    this.items = h('ul', { class: 'slot-items', 'aria-label': slot.label });
    this.pickerButton = h(
      'button',
      { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': `${id}-picker`, onclick: () => this.togglePicker() },
      icon(slot.accepts === 'image' ? 'file-media' : 'device-camera-video'),
      t('Workspace'),
    );
    this.urlButton = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': `${id}-url`, onclick: () => this.toggleUrl() }, icon('link'), t('URL'));
    const browse = h('button', { type: 'button', class: 'secondary', onclick: () => actions.browse() }, icon('folder-opened'), t('Browse…'));
    for (const b of [this.pickerButton, browse, this.urlButton]) b.setAttribute('aria-describedby', titleId);

    this.dropText = h('span', {});
    this.adder = h(
      'div',
      { class: 'dropzone' },
      h('p', { class: 'dropzone-text' }, icon('cloud-upload'), ' ', this.dropText),
      h('div', { class: 'slot-actions' }, this.pickerButton, browse, this.urlButton),
    );

    this.search = h('input', { type: 'search', id: `${id}-search`, 'aria-label': words.search, 'aria-controls': `${id}-list` });
    this.search.addEventListener('input', () => this.renderList());
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        this.list.querySelector<HTMLButtonElement>('button')?.focus();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.closePicker(true);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        this.list.querySelector<HTMLButtonElement>('button')?.click();
      }
    });
    this.list = h('ul', { class: 'picker-list', id: `${id}-list`, 'aria-label': words.list });
    this.list.addEventListener('keydown', (e) => this.listKeys(e));
    this.empty = h('p', { class: 'muted picker-empty', hidden: true });
    this.picker = h('div', { class: 'picker', id: `${id}-picker`, hidden: true }, this.search, this.list, this.empty);

    this.urlInput = h('input', { type: 'url', id: `${id}-url-input`, placeholder: 'https://example.com/frame.png', spellcheck: 'false' });
    const addUrl = () => {
      const url = this.urlInput.value.trim();
      if (!url) return;
      actions.addUrl(url);
      this.urlInput.value = '';
      this.closeUrl(true);
    };
    this.urlInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        addUrl();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.closeUrl(true);
      }
    });
    this.urlRow = h(
      'div',
      { class: 'url-row', id: `${id}-url`, hidden: true },
      h('label', { for: `${id}-url-input`, class: 'visually-hidden' }, words.url),
      this.urlInput,
      h('button', { type: 'button', onclick: addUrl }, t('Add')),
      h('button', { type: 'button', class: 'secondary', onclick: () => this.closeUrl(true) }, t('Cancel')),
    );

    this.busyLine = h('p', { class: 'muted slot-busy', hidden: true, role: 'status' }, icon('loading codicon-modifier-spin'), ' ', t('Checking…'));
    this.error = errorLine(this.pickerButton, `${id}-error`, [titleId]);
    this.error.el.setAttribute('role', 'alert');

    this.root = h(
      'div',
      { class: 'slot', id, 'data-field': slot.field, role: 'group', 'aria-labelledby': titleId },
      h(
        'div',
        { class: 'slot-head' },
        h('span', { class: 'slot-title', id: titleId }, slot.label),
        h('span', { class: 'slot-badge' }, words.badge),
      ),
      this.items,
      this.adder,
      this.urlRow,
      this.picker,
      this.busyLine,
      this.error.el,
    );
    this.wireDrop();
  }

  /** Shows the slot's items, whether they are being checked and why the last was refused; hides the ways to add when it is full. */
  show(items: readonly MediaItem[], entries: readonly WorkspaceEntry[], checking: boolean, problem: string | undefined): void {
    this.entries = entries;
    if (!sameItems(this.shown, items)) {
      this.shown = items;
      clear(this.items);
      items.forEach((item, index) => this.items.append(this.itemView(item, index)));
    }
    this.items.hidden = items.length === 0;
    // A slot of one can be replaced: the adder stays, worded as "replace". A list slot is full at its capacity.
    this.full = slotCapacity(this.slot) > 1 && items.length >= slotCapacity(this.slot);
    this.adder.hidden = this.full;
    if (this.full) {
      this.closePicker(false);
      this.closeUrl(false);
    }
    this.root.classList.toggle('filled', items.length > 0);
    this.dropText.textContent = slotText(this.slot, items.length, t).drop;
    if (!this.picker.hidden) this.renderList();
    this.busyLine.hidden = !checking;
    this.root.setAttribute('aria-busy', String(checking));
    this.error.set(problem);
  }

  /** The control to focus when the slot has a problem. */
  get control(): HTMLElement {
    return this.full ? (this.items.querySelector<HTMLElement>('button') ?? this.root) : this.pickerButton;
  }

  private itemView(item: MediaItem, index: number): HTMLElement {
    const thumb = item.thumb
      ? h('img', { src: item.thumb, alt: t('Thumbnail of {0}', item.name), loading: 'lazy', decoding: 'async' })
      : icon(item.ref.kind === 'url' ? 'link' : this.slot.accepts === 'video' ? 'device-camera-video' : 'file-media');
    return h(
      'li',
      { class: 'media-item' },
      h('div', { class: 'thumb' }, thumb),
      h(
        'div',
        { class: 'media-text' },
        h('span', { class: 'media-name', title: item.ref.kind === 'url' ? item.ref.url : item.ref.path }, item.name),
        item.detail ? h('span', { class: 'muted media-detail' }, item.detail) : null,
        item.warning ? h('span', { class: 'warning-text media-warning' }, icon('warning'), ' ', item.warning) : null,
      ),
      h('button', { type: 'button', class: 'icon', title: t('Remove {0}', item.name), 'aria-label': t('Remove {0}', item.name), onclick: () => this.removeItem(index) }, icon('close')),
    );
  }

  /** Removes an item; the focus goes to what is left (the next item's Remove, or the way to add one), never to nowhere. */
  private removeItem(index: number): void {
    this.actions.remove(index);
    const buttons = [...this.items.querySelectorAll<HTMLButtonElement>('button')];
    (buttons[Math.min(index, buttons.length - 1)] ?? this.pickerButton).focus();
  }

  // ---- the workspace list ---------------------------------------------------------------------

  private togglePicker(): void {
    if (this.picker.hidden) this.openPicker();
    else this.closePicker(true);
  }

  private openPicker(): void {
    this.closeUrl(false);
    this.picker.hidden = false;
    this.pickerButton.setAttribute('aria-expanded', 'true');
    this.renderList();
    this.search.focus();
  }

  private closePicker(focusButton: boolean): void {
    if (this.picker.hidden) return;
    this.picker.hidden = true;
    this.pickerButton.setAttribute('aria-expanded', 'false');
    if (focusButton) this.pickerButton.focus();
  }

  private renderList(): void {
    const terms = this.search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matches = this.entries.filter((e) => terms.every((t) => e.label.toLowerCase().includes(t)));
    // The list is drawn again whenever the panel's state arrives (a price, a thumbnail): the
    // item a keyboard user is on keeps the focus, or the next Arrow key goes nowhere.
    const focused = this.list.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset['path'] : undefined;
    clear(this.list);
    for (const entry of matches.slice(0, LIST_LIMIT)) {
      const slash = entry.label.lastIndexOf('/');
      const name = entry.label.slice(slash + 1);
      const folder = slash > 0 ? entry.label.slice(0, slash) : '';
      // Decorative: the button's text names the file.
      const thumb = entry.thumb ? h('img', { src: entry.thumb, alt: '', loading: 'lazy', decoding: 'async' }) : icon(this.slot.accepts === 'video' ? 'device-camera-video' : 'file-media');
      this.list.append(
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'picker-item', title: entry.label, 'data-path': entry.path, onclick: () => this.pick(entry) },
            h('span', { class: 'thumb small' }, thumb),
            h('span', { class: 'picker-text' }, h('span', { class: 'picker-name' }, name), folder ? h('span', { class: 'muted picker-folder' }, folder) : null),
          ),
        ),
      );
    }
    if (focused !== undefined) {
      const again = [...this.list.querySelectorAll<HTMLButtonElement>('button.picker-item')].find((b) => b.dataset['path'] === focused);
      (again ?? this.list.querySelector<HTMLButtonElement>('button') ?? this.search).focus();
    }
    const note = listNote(this.slot.accepts, this.entries.length, matches.length, Math.min(matches.length, LIST_LIMIT), this.search.value.trim(), t);
    this.empty.hidden = note.hidden;
    this.empty.textContent = note.text;
    this.search.placeholder = note.placeholder;
  }

  private pick(entry: WorkspaceEntry): void {
    this.actions.pickWorkspace(entry.path);
    this.search.value = '';
    this.closePicker(false);
    this.pickerButton.focus();
  }

  private listKeys(e: KeyboardEvent): void {
    const buttons = [...this.list.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const move = (to: number) => {
      e.preventDefault();
      if (to < 0) this.search.focus();
      else buttons[Math.min(to, buttons.length - 1)]?.focus();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(buttons.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.closePicker(true);
    }
  }

  // ---- URL and drop ----------------------------------------------------------------------------

  private toggleUrl(): void {
    if (this.urlRow.hidden) {
      this.closePicker(false);
      this.urlRow.hidden = false;
      this.urlButton.setAttribute('aria-expanded', 'true');
      this.urlInput.focus();
    } else {
      this.closeUrl(true);
    }
  }

  private closeUrl(focusButton: boolean): void {
    if (this.urlRow.hidden) return;
    this.urlRow.hidden = true;
    this.urlButton.setAttribute('aria-expanded', 'false');
    if (focusButton) this.urlButton.focus();
  }

  private wireDrop(): void {
    let depth = 0;
    const over = (on: boolean) => this.root.classList.toggle('drag-over', on);
    this.root.addEventListener('dragenter', (e) => {
      e.preventDefault();
      depth++;
      over(true);
    });
    this.root.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (!depth) over(false);
    });
    this.root.addEventListener('dragover', (e) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    });
    this.root.addEventListener('drop', (e) => {
      e.preventDefault();
      e.stopPropagation();
      depth = 0;
      over(false);
      const uris = droppedUris(e.dataTransfer);
      if (uris.length) this.actions.drop(uris);
      else this.actions.dropRefused(t('Drop files from VS Code’s Explorer (hold Shift while dropping), or use Browse….'));
    });
  }
}

/** The URIs of a drop: VS Code's Explorer gives `text/uri-list` (and its own list type). */
export function droppedUris(data: DataTransfer | null): string[] {
  if (!data) return [];
  const lines = (text: string) =>
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  const uriList = lines(data.getData('text/uri-list'));
  if (uriList.length) return uriList;
  try {
    const code = JSON.parse(data.getData('application/vnd.code.uri-list') || '[]') as unknown;
    if (Array.isArray(code)) {
      const uris = code.filter((u): u is string => typeof u === 'string');
      if (uris.length) return uris;
    }
  } catch {
    // not VS Code's list
  }
  return lines(data.getData('text/plain')).filter((l) => /^(file|vscode-remote|https):/i.test(l));
}

function sameItems(a: readonly MediaItem[], b: readonly MediaItem[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
