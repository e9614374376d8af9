// Takes and the priced plan as a person works them in the real UI: a shot list opens with a
// CodeLens plan (what a run sends and what it costs, each shot's state and price); the plan's
// lens runs it; the tree groups a shot's takes; Choose Take… on the shot picks one, which is
// written into the file and still there after a window reload; a hover on the shot's output
// shows that take's poster and what made it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { answerDialog, dialog } from '../support/jobJourney';
import { SCREENSHOTS } from '../support/paths';
import { useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { waitForPreview } from '../support/webviewSteps';
import { pickQuickItem, runCommand, screenshot, setColorTheme, showJobsView } from '../support/workbench';

const T2V = 'google/veo-3.1-t2v-fast';
const LIST = {
  defaults: { model: T2V, options: { duration: 4, resolution: '720p' } },
  shots: [
    { prompt: 'Shot one: a kite over the dunes', output: 'kite', takes: 2 },
    { prompt: 'Shot two: the kite lands in the grass', output: 'landing' },
  ],
};

const lens = (page: Page, text: string | RegExp) => page.locator('.monaco-editor .codelens-decoration a, .monaco-editor .codelens-decoration span', { hasText: text }).first();

async function openList(page: Page): Promise<void> {
  const inExplorer = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'storyboard.veo.json' });
  // The command, not the icon: a click on the icon of a side bar already shown closes it.
  await runCommand(page, 'View: Show Explorer');
  await inExplorer.waitFor({ timeout: 30_000 });
  await inExplorer.dblclick();
  await page.locator('.tabs-container .tab', { hasText: 'storyboard.veo.json' }).waitFor();
}

describe('takes and the priced plan in the real UI', function () {
  // A monthly budget, so the plan says how much of it the run leaves.
  const session = useUiSession('takes', { apiKey: true, settings: { 'veoStudio.budget.monthlyUSD': 10 }, simulator: { videoFixture: 'colour-cuts.mp4', timing: () => ({ queueMs: 200, generateMs: 1500 }) } });
  let file: string;

  before(async () => {
    file = path.join(session().workspace, 'storyboard.veo.json');
    fs.writeFileSync(file, JSON.stringify(LIST, null, 2) + '\n');
    await setColorTheme(session().page, 'Dark Modern');
  });

  it('shows the plan above the list and each shot’s state and price; the plan’s lens runs it, and the tree groups the takes', async () => {
    const { page, sim } = session();
    await openList(page);
    await lens(page, 'Plan: 2 of 2 shots to send (3 videos)').waitFor({ timeout: 30_000 });
    await lens(page, /not generated/).waitFor();
    await lens(page, 'Generate This Shot').waitFor();
    await lens(page, /balance \$25\.00 · \$10 left of the monthly budget of \$10/).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await screenshot(page, 'shotlist-plan');
    assert.equal(sim.posts().length, 0, 'a plan sends nothing');

    await lens(page, 'Plan: 2 of 2 shots to send').click();
    await dialog(page).waitFor({ timeout: 20_000 });
    assert.match(await dialog(page).innerText(), /Generate 3 videos for about \$/);
    await answerDialog(page, 'Generate');
    await lens(page, /all 2 shots are saved/).waitFor({ timeout: 90_000 });
    assert.equal(sim.posts().length, 3);
    await lens(page, 'Choose Take…').waitFor();
    await lens(page, 'Compare Takes').waitFor();
    await runCommand(page, 'Notifications: Clear All Notifications');
    await screenshot(page, 'shotlist-plan-saved');

    await showJobsView(page);
    const shot = page.locator('.sidebar .monaco-list-row[aria-label^="Shot 1: Shot one"]');
    await shot.waitFor({ timeout: 15_000 });
    await page.locator('.sidebar .monaco-list-row[aria-label^="Take 2 of “Shot one"][aria-label*="counts as chosen"]').waitFor();
    await page.locator('.sidebar .monaco-list-row[aria-label^="Take 1 of “Shot one"]').waitFor();
    await page.locator('.sidebar').screenshot({ path: path.join(SCREENSHOTS, 'tree-takes.png') });
  });

  it('Choose Take… writes the take into the shot; after a window reload the plan still says it is chosen', async () => {
    const { page } = session();
    await page.locator('.tabs-container .tab', { hasText: 'storyboard.veo.json' }).click();
    await lens(page, 'Choose Take…').click();
    await pickQuickItem(page, 'Take 1');
    await until('the choice on disk', () => /"takes": 2, "chosenTake": 1 \}|"chosenTake": 1/.test(fs.readFileSync(file, 'utf8')));
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof LIST & { shots: Array<{ chosenTake?: number }> };
    assert.equal(written.shots[0]!.chosenTake, 1);
    await page.locator('.sidebar .monaco-list-row[aria-label^="Take 1 of “Shot one"][aria-label*=", chosen"]').waitFor({ timeout: 15_000 });
    await page.locator('.sidebar').screenshot({ path: path.join(SCREENSHOTS, 'tree-takes-chosen.png') });

    const reloaded = await session().reload();
    await reloaded.locator('.tabs-container .tab', { hasText: 'storyboard.veo.json' }).click();
    await lens(reloaded, /take 1 \(chosen\)/).waitFor({ timeout: 30_000 });
    await lens(reloaded, /all 2 shots are saved/).waitFor();
    await runCommand(reloaded, 'Notifications: Clear All Notifications');
    await screenshot(reloaded, 'shotlist-plan-after-reload');
  });

  it('hovering the shot’s output shows the chosen take’s poster and what made it', async () => {
    const { page } = session();
    // Opening the take once makes its poster.
    // The lenses are drawn again as the plan is worked out after the reload: click until the preview opens.
    const opened = page.locator('.tabs-container .tab', { hasText: /^Video:/ });
    for (let i = 0; i < 5 && !(await opened.isVisible()); i++) {
      await lens(page, /^Open$/).click();
      await opened.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    const preview = await waitForPreview(page);
    await preview.locator('video').waitFor();
    await page.waitForTimeout(1500);
    await page.locator('.tabs-container .tab', { hasText: 'storyboard.veo.json' }).click();
    const output = page.locator('.monaco-editor .view-lines span', { hasText: /^"kite"$/ }).first();
    await output.waitFor();
    const hover = page.locator('.monaco-hover', { hasText: 'Take 1 of 2' });
    for (let i = 0; i < 5 && !(await hover.isVisible()); i++) {
      await output.hover();
      await hover.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await hover.waitFor();
    // MarkdownString.appendText keeps spaces as no-break spaces.
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    for (const expected of ['Shot 1', 'saved', 'Take 1 of 2 (chosen)', 'Veo 3.1 Fast — text to video', '4 s · 720p', 'Shot one: a kite over the dunes', 'videos/kite.take-1.mp4', 'Open', 'Choose Take…']) {
      assert.ok(text.includes(expected), `"${expected}" in the hover:\n${text}`);
    }
    await hover.locator('img').first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(400);
    await screenshot(page, 'shotlist-hover');
  });
});
