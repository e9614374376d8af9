// Steps a person takes with jobs in the real UI, shared by the journeys: generate through
// the palette's quick picks, find a job's row in the Jobs tree, use its context menu,
// answer a modal dialog — and the simulator's side of it (the job a prompt became).
import type { Locator, Page } from 'playwright-core';
import type { VeoSimulator } from '../simulator/simulator';
import { until } from './until';
import { answerInput, QUICK_INPUT, runCommand } from './workbench';

/**
 * Types into the open quick pick, waits until the wanted row is the active one, Enter.
 * (To type an answer into an input box, use workbench's answerInput.)
 */
export async function answerQuickPick(page: Page, filter: string, expectActive: string | RegExp): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible' });
  await input.fill(filter);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: expectActive }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** An input box's value once it shows `title`: lets a test read what was pre-filled. */
export async function inputBoxValue(page: Page, title: string | RegExp): Promise<string> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor();
  return page.locator(QUICK_INPUT).inputValue();
}

/**
 * "Veo Studio: Generate Video…" the way a person goes through it: model, prompt, image,
 * Generate. Returns the simulator's job for that prompt once it was submitted.
 */
export async function generateThroughUi(page: Page, sim: VeoSimulator, prompt: string): Promise<{ generationId: string; body: Record<string, unknown> }> {
  await runCommand(page, 'Veo Studio: Generate Video…');
  await waitForTitle(page, 'Veo Studio: choose a model');
  await answerQuickPick(page, 'google/veo-3.1-i2v-fast', 'Veo 3.1 Fast — image to video');
  await waitForTitle(page, /^Veo Studio: prompt for/);
  await answerInput(page, prompt);
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

/** The simulator's jobs whose body has this prompt, oldest first. */
export function jobsFor(sim: VeoSimulator, prompt: string): ReturnType<VeoSimulator['jobs']> {
  return sim.jobs().filter((j) => (j.body as { prompt?: unknown }).prompt === prompt);
}

/** The simulator's `nth` job for a prompt, once the extension POSTed it. */
export async function submitted(sim: VeoSimulator, prompt: string, nth = 0, timeoutMs = 30_000): Promise<{ generationId: string; body: Record<string, unknown> }> {
  const job = await until(`job #${nth + 1} for "${prompt}" to reach the simulator`, () => jobsFor(sim, prompt)[nth], { timeoutMs });
  return { generationId: job.id, body: job.body as Record<string, unknown> };
}

/** The tree rows of jobs whose prompt starts with `prompt` (rows are labelled "<prompt>. <status> · …"). */
export function jobRow(page: Page, prompt: string): Locator {
  return page.locator(`.pane-body .monaco-list-row[aria-label^="${prompt.replace(/"/g, '\\"')}"]`);
}

/** Waits until a row for the prompt reads `status` ("Saved", "Failed", …) and returns it. */
export async function waitForRow(page: Page, prompt: string, status: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
  const rows = jobRow(page, prompt);
  return until(
    async () => `a "${prompt}" row that is ${String(status)}; rows: ${(await page.locator('.pane-body .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).join(' | ')}`,
    async () => {
      const count = await rows.count();
      for (let i = 0; i < count; i++) {
        const label = (await rows.nth(i).getAttribute('aria-label')) ?? '';
        if (typeof status === 'string' ? label.includes(`. ${status}`) : status.test(label)) return rows.nth(i);
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
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
