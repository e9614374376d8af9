// Building the page with the DOM, never with HTML strings: text from prompts, file names
// or the service is always set as text, so it can never become markup.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** h('button', { class: 'primary', onclick: … }, 'Generate') */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** A codicon, decorative unless labelled. */
export function icon(name: string, label?: string): HTMLElement {
  const el = h('span', { class: `codicon codicon-${name}`, 'aria-hidden': label ? undefined : 'true', 'aria-label': label, role: label ? 'img' : undefined });
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

/** The page's one live region: outside what is rebuilt, so screen readers hear each change once. */
export function announcer(): HTMLElement {
  let el = document.getElementById('announce');
  if (!el) {
    el = h('p', { id: 'announce', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    document.body.append(el);
  }
  return el;
}
