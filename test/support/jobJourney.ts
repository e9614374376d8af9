// Steps a person takes with jobs in the real UI, shared by the preview and actions
// journeys: set the key, generate through the palette's quick picks, find a job's row in
// the Jobs tree, use its context menu, answer a modal dialog.
import type { Locator, Page } from 'playwright-core';
import type { VeoSimulator } from '../simulator/simulator';
import { runCommand } from './workbench';

const QUICK_INPUT = '.quick-input-widget input.input';

/** Types into the open quick pick / input box, waits for the wanted row to be active, Enter. */
export async function answerQuickPick(page: Page, filter: string, expectActive?: string | RegExp): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible' });
  await input.fill(filter);
  if (expectActive !== undefined) {
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: expectActive }).first().waitFor({ timeout: 15_000 });
  }
  await page.keyboard.press('Enter');
}

/** An input box's value once it shows `title`: lets a test read what was pre-filled. */
export async function inputBoxValue(page: Page, title: string | RegExp): Promise<string> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor();
  return page.locator(QUICK_INPUT).inputValue();
}

/** Runs a command from the palette (the session has waited for Veo Studio's contributions). */
export const command = runCommand;

export { setApiKeyThroughUi as setKey } from './workbench';

/**
 * "Veo Studio: Generate Video…" the way a person goes through it: model, prompt, image,
 * Generate. Returns the simulator's job for that prompt once it was submitted.
 */
export async function generateThroughUi(page: Page, sim: VeoSimulator, prompt: string): Promise<{ generationId: string; body: Record<string, unknown> }> {
  await command(page, 'Veo Studio: Generate Video…');
  await waitForTitle(page, 'Veo Studio: choose a model');
  await answerQuickPick(page, 'google/veo-3.1-i2v-fast', 'Veo 3.1 Fast — image to video');
  await waitForTitle(page, /^Veo Studio: prompt for/);
  await answerQuickPick(page, prompt);
  await waitForTitle(page, /^Veo Studio: image$/);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'frame-720p.png' }).first().waitFor();
  await answerQuickPick(page, 'frame-720p', 'frame-720p.png');
  await waitForTitle(page, 'Veo Studio: Veo 3.1 Fast — image to video');
  await answerQuickPick(page, '', 'Generate');
  return submitted(sim, prompt);
}

/** Waits until the quick input shows this title (the previous step's box has gone). */
export async function waitForTitle(page: Page, title: string | RegExp): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
}

/** The simulator's job for a prompt, once the extension POSTed it. */
export async function submitted(sim: VeoSimulator, prompt: string, nth = 0, timeoutMs = 30_000): Promise<{ generationId: string; body: Record<string, unknown> }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const job = sim.jobs().filter((j) => (j.body as { prompt?: unknown }).prompt === prompt)[nth];
    if (job) return { generationId: job.id, body: job.body as Record<string, unknown> };
    if (Date.now() > end) throw new Error(`no job for "${prompt}" reached the simulator`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Shows the Jobs view (the activity bar icon, as a person would). */
export async function showJobsView(page: Page): Promise<void> {
  const title = page.locator('.sidebar .composite.title', { hasText: /Veo Studio/i });
  if (await title.isVisible().catch(() => false)) return;
  const icon = page.locator('.activitybar .action-item a[aria-label^="Veo Studio"]');
  await icon.waitFor({ timeout: 30_000 });
  await icon.click();
  await title.waitFor();
}

/** The tree rows of jobs whose prompt starts with `prompt` (rows are labelled "<prompt>. <status> · …"). */
export function jobRow(page: Page, prompt: string): Locator {
  return page.locator(`.pane-body .monaco-list-row[aria-label^="${prompt.replace(/"/g, '\\"')}"]`);
}

/** Waits until a row for the prompt reads `status` ("Saved", "Failed", …) and returns it. */
export async function waitForRow(page: Page, prompt: string, status: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const rows = jobRow(page, prompt);
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const label = (await rows.nth(i).getAttribute('aria-label')) ?? '';
      if (typeof status === 'string' ? label.includes(`. ${status}`) : status.test(label)) return rows.nth(i);
    }
    if (Date.now() > end) throw new Error(`no "${prompt}" row is ${String(status)}; rows: ${(await page.locator('.pane-body .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).join(' | ')}`);
    await page.waitForTimeout(250);
  }
}

/**
 * Right-click a row and choose a context menu entry by its title (hover, then Enter: the
 * menu ignores a click that comes too soon after it opened).
 */
export async function contextMenu(page: Page, row: Locator, title: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = page.locator('.context-view .monaco-menu .action-item', { hasText: title }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.hover();
  await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: title }).waitFor({ timeout: 5_000 });
  await page.keyboard.press('Enter');
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

/** The modal dialog VS Code shows for `{modal: true}` messages. */
export function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

export async function answerDialog(page: Page, button: string): Promise<void> {
  await dialog(page).locator('.monaco-button', { hasText: button }).first().click();
}

/** Colour themes are switched the way every journey does it. */
export { setColorTheme as chooseTheme } from './workbench';
