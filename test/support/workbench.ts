// What a person does in the VS Code window, as Playwright steps: open the workbench, run a
// command from the palette, read notifications and the side bar, take screenshots.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { SCREENSHOTS } from './paths';

export interface WorkbenchOptions {
  readonly viewport?: { width: number; height: number };
}

/** Veo Studio's entry in the activity bar. */
export const VEO_STUDIO_ICON = '.activitybar .action-item a[aria-label^="Veo Studio"]';

/** The text box of the quick input (palette, quick pick, input box). */
export const QUICK_INPUT = '.quick-input-widget input.input';

/**
 * The workbench's address for a folder. `payload` carries extension development and tests
 * paths, for suites that run inside the extension host (see hostDriver.ts).
 */
export function workbenchUrl(serverUrl: string, folder: string, payload?: ReadonlyArray<readonly [string, string]>): string {
  const query = new URLSearchParams({ folder });
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${serverUrl}/?${query.toString()}`;
}

export async function openWorkbench(browser: Browser, serverUrl: string, folder: string, options: WorkbenchOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(workbenchUrl(serverUrl, folder));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}

/**
 * F1, type the command's title, choose it — as a person does. The row is clicked rather
 * than taken with Enter: the first row is not always the one typed ("Preferences: Color
 * Theme" ranks below "Browse Color Themes in Marketplace" once that was used).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
  // Right after start-up the palette may not list an extension's commands yet: like a
  // person, close it and look again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await row.click();
}

/** Waits until Veo Studio's contributions are in the workbench (its activity-bar entry). */
export async function waitForVeoStudio(page: Page): Promise<void> {
  await page.locator(VEO_STUDIO_ICON).waitFor({ timeout: 60_000 });
}

/** Shows the Jobs view (the activity bar icon, as a person would; not again if it is showing). */
export async function showJobsView(page: Page): Promise<void> {
  const title = page.locator('.sidebar .composite.title', { hasText: /Veo Studio/i });
  if (await title.isVisible().catch(() => false)) return;
  const icon = page.locator(VEO_STUDIO_ICON);
  await icon.waitFor({ timeout: 30_000 });
  await icon.click();
  await title.waitFor();
}

/** Waits for a notification toast containing the text and returns its locator. */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = 30_000) {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return toast;
}

/** Saves a full-window screenshot under .test-output/screenshots and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The document of the active webview (VS Code nests it in two iframes). */
export function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export const THEME_CLASS = {
  'Dark Modern': 'vs-dark',
  'Light Modern': 'vs',
  'Dark High Contrast': 'hc-black',
  'Light High Contrast': 'hc-light',
} as const;

export type ThemeName = keyof typeof THEME_CLASS;

/**
 * Switches the colour theme through "Preferences: Color Theme" and waits until the
 * workbench wears it. Typing a name also starts a marketplace search whose results arrive
 * later and move rows around, so the theme is chosen with Enter once the focused row is it.
 */
export async function setColorTheme(page: Page, theme: ThemeName): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator(QUICK_INPUT);
  await input.fill(theme);
  await page.locator(`.quick-input-list .monaco-list-row.focused[aria-label^="${theme}"]`).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator(`.monaco-workbench.${THEME_CLASS[theme]}`).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(400);
}

/** Picks the row of the open quick pick whose text contains `text`. */
export async function pickQuickItem(page: Page, text: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Types into the open input box / quick pick filter and presses Enter. */
export async function answerInput(page: Page, text: string): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** Sets the API key the way a person does: the palette command and the password box. */
export async function setApiKeyThroughUi(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Veo Studio: Set API Key');
  await answerInput(page, key);
  await waitForNotification(page, /API key saved/);
}
