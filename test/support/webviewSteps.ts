// What a person does inside Veo Studio's webviews — the generator panel and the video
// preview — as Playwright steps shared by the journeys: with the mouse, with the keyboard
// alone, and as axe-core's accessibility rules see the page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { PROJECT_ROOT, TEST_OUTPUT } from './paths';
import { QUICK_INPUT, webview } from './workbench';

/** In the generator panel: opens a slot's workspace list, searches, and picks the file. */
export async function pickFromWorkspace(panel: FrameLocator, slot: string, search: string, name: string): Promise<void> {
  const box = panel.locator(`#slot-${slot}`);
  await box.getByRole('button', { name: 'Workspace' }).click();
  const searchBox = box.locator('input[type="search"]');
  await searchBox.waitFor();
  await searchBox.fill(search);
  await box.locator('.picker-item', { hasText: name }).first().click();
}

/** Waits until the active webview is the video preview and returns its document. */
export async function waitForPreview(page: Page): Promise<FrameLocator> {
  const frame = webview(page);
  await frame.locator('main.preview').waitFor({ timeout: 20_000 });
  return frame;
}

export interface PlayState {
  readonly paused: boolean;
  readonly currentTime: number;
  readonly readyState: number;
}

/**
 * Plays the preview's video (looping) and resolves once it really is playing: not paused,
 * and its time past `atLeastSeconds` (default: moving at all). Rejects if it is not within 15 s.
 */
export async function play(frame: FrameLocator, atLeastSeconds = 0): Promise<PlayState> {
  const video = frame.locator('video');
  await video.waitFor({ timeout: 20_000 });
  return video.evaluate(
    (v: HTMLVideoElement, atLeast: number) =>
      new Promise<PlayState>((resolve, reject) => {
        const done = () => resolve({ paused: v.paused, currentTime: v.currentTime, readyState: v.readyState });
        const timer = setTimeout(() => reject(new Error(`not playing: paused=${v.paused} t=${v.currentTime} error=${v.error?.code ?? '-'}`)), 15_000);
        const check = () => {
          if (!v.paused && v.currentTime > atLeast) {
            clearTimeout(timer);
            done();
          } else {
            requestAnimationFrame(check);
          }
        };
        v.addEventListener('playing', check, { once: true });
        v.loop = true;
        void v.play().catch((e: unknown) => reject(e instanceof Error ? e : new Error(String(e))));
        check();
      }),
    atLeastSeconds,
  );
}

// ---- the keyboard alone ------------------------------------------------------------------------

/** F1, the command's title, Enter once the highlighted row is that command: no mouse at all. */
export async function commandByKeyboard(page: Page, title: string): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  const focusedRow = page.locator(`.quick-input-list .monaco-list-row.focused[aria-label^="${title.replace(/"/g, '\\"')}"]`);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  // The command is usually the highlighted first row; if the ranking puts another first, step down to it.
  if (!(await focusedRow.waitFor({ timeout: 3_000 }).then(() => true, () => false))) {
    for (let down = 0; down < 10 && !(await focusedRow.isVisible()); down++) await page.keyboard.press('ArrowDown');
    await focusedRow.waitFor({ timeout: 1_000 });
  }
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Whether the element `selector` names has the keyboard focus in the webview. */
export async function isFocused(frame: FrameLocator, selector: string): Promise<boolean> {
  return frame
    .locator(selector)
    .first()
    .evaluate((el) => el === document.activeElement)
    .catch(() => false);
}

/** Whether the focus is on an element matching `selector` (any of them, not only the first). */
export async function focusMatches(frame: FrameLocator, selector: string): Promise<boolean> {
  return frame
    .locator('body')
    .evaluate((_, sel) => document.activeElement?.matches(sel) ?? false, selector)
    .catch(() => false);
}

/** What has the focus in the webview, for messages ("button#submit Generate"). */
export async function focusedElement(frame: FrameLocator): Promise<string> {
  return frame
    .locator('body')
    .evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '(nothing)';
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}`;
    })
    .catch(() => '(not in the webview)');
}

/**
 * Presses Tab (or Shift+Tab) until `selector` has the focus, as a person does who cannot
 * use a mouse; fails naming what had the focus when it is not reached within `max` presses.
 * Every stop on the way must show where the focus is.
 */
export async function tabTo(page: Page, frame: FrameLocator, selector: string, { back = false, max = 30 } = {}): Promise<number> {
  const seen: string[] = [];
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(frame, selector)) return presses;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const ring = await focusRing(frame);
    const at = await focusedElement(frame);
    seen.push(at);
    if (ring && !ring.visible) throw new Error(`no visible focus on ${at}: ${JSON.stringify(ring)}`);
  }
  throw new Error(`${selector} not reached with ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses; focus went: ${seen.join(' → ')}`);
}

export interface FocusRing {
  readonly visible: boolean;
  readonly outline: string;
  readonly element: string;
}

/**
 * How the focused element in the webview shows its focus: visible when it has an outline
 * (or box-shadow) of some width whose colour is not transparent. Undefined when nothing in
 * the webview has the focus.
 */
export async function focusRing(frame: FrameLocator): Promise<FocusRing | undefined> {
  return frame
    .locator('body')
    .evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return undefined;
      // A player's own controls take the focus inside it and draw their own ring there,
      // which the element's style does not show.
      if ((el instanceof HTMLVideoElement || el instanceof HTMLAudioElement) && el.controls) return { visible: true, outline: 'native controls', element: el.tagName.toLowerCase() };
      const style = getComputedStyle(el);
      const transparent = (c: string) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent(style.outlineColor);
      const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
      return { visible: outline || shadow, outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`, element: `${el.tagName.toLowerCase()}#${el.id}` };
    })
    .catch(() => undefined);
}

// ---- axe-core ------------------------------------------------------------------------------------

const AXE_SOURCE = path.join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export interface AxeProblem {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** The document of the active webview as a Playwright frame (FrameLocator cannot run scripts). */
async function activeFrame(page: Page): Promise<Frame> {
  const body = await webview(page).locator('body').elementHandle({ timeout: 20_000 });
  const frame = await body?.ownerFrame();
  if (!frame) throw new Error('no webview frame');
  return frame;
}

export interface AxeReport {
  /** Where it ran, e.g. "the generator panel (Dark Modern)". */
  readonly where: string;
  /** How many rules passed, and which elements the page had (proof it looked at the right document). */
  readonly passed: number;
  readonly elements: number;
  /** Violations by impact (all of them, the minor ones too). */
  readonly violations: Readonly<Record<string, number>>;
  /** What axe could not decide alone (e.g. captions of a video): for a person to review. */
  readonly incomplete: readonly string[];
  readonly problems: readonly AxeProblem[];
}

/**
 * Runs axe-core's rules inside the active webview. Its problems are the violations of impact
 * serious or critical (the ones a person who relies on a screen reader, the keyboard or
 * enough contrast runs into), with a few of the elements each was found on. The report is
 * also written to .test-output/axe/<where>.json.
 */
export async function axeReport(page: Page, where: string): Promise<AxeReport> {
  const frame = await activeFrame(page);
  // DevTools puts the script in the page's own world, past its Content-Security-Policy.
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  const run = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
    const r = await axe.run(document, {});
    return {
      passed: r.passes.length,
      passedRules: r.passes.map((p) => p.id),
      elements: document.querySelectorAll('#app *').length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) })),
      incomplete: r.incomplete.map((v) => `${v.id} (${v.impact ?? '-'}): ${v.nodes.length} element(s)`),
    };
  });
  const violations: Record<string, number> = {};
  for (const v of run.violations) violations[v.impact] = (violations[v.impact] ?? 0) + 1;
  const report: AxeReport = {
    where,
    passed: run.passed,
    elements: run.elements,
    violations,
    incomplete: run.incomplete,
    problems: run.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  };
  const dir = path.join(TEST_OUTPUT, 'axe');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${where.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '')}.json`), JSON.stringify({ ...report, all: run.violations, passedRules: run.passedRules }, null, 2));
  return report;
}

/** Fails with every serious or critical violation axe-core finds in the active webview (which must have content). */
export async function expectAccessible(page: Page, where: string): Promise<AxeReport> {
  const report = await axeReport(page, where);
  if (report.elements < 10 || report.passed < 10) throw new Error(`axe-core in ${where} looked at an empty page: ${JSON.stringify(report)}`);
  if (report.problems.length) {
    throw new Error(`axe-core in ${where}:\n${report.problems.map((p) => `- ${p.id} (${p.impact}): ${p.help}\n    ${p.nodes.join('\n    ')}`).join('\n')}`);
  }
  return report;
}
