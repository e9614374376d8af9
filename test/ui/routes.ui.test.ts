// The one-step routes a person takes without the panel — from images in the Explorer and
// from a selection in the editor — and the log they can read afterwards (which never holds
// the key, nor does anything else the window wrote).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerQuickPick, contextMenu, submitted, waitForTitle } from '../support/jobJourney';
import { UI_KEY, useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { answerInput, QUICK_INPUT, runCommand, screenshot, waitForNotification } from '../support/workbench';

describe('quick routes in the real UI', function () {
  const session = useUiSession('routes', { apiKey: true });
  const dataUri = (file: string, mime: string) =>
    `data:${mime};base64,${fs.readFileSync(path.join(session().workspace, 'images', file)).toString('base64')}`;

  it('two images selected in the Explorer become first and last frame, in the order the person chose', async () => {
    const { page, sim } = session();
    await runCommand(page, 'View: Show Explorer');
    const explorer = page.locator('.explorer-folders-view');
    await explorer.locator('.monaco-list-row[aria-label="images"]').click();
    const frame = explorer.locator('.monaco-list-row[aria-label="frame-720p.png"]');
    const bars = explorer.locator('.monaco-list-row[aria-label="bars-720p.jpg"]');
    await frame.click();
    await page.locator('.explorer-folders-view .monaco-list-row.selected[aria-label="frame-720p.png"]').waitFor();
    // Under load a click can land before the first selection settles, and be lost: the
    // Ctrl+click is given again until the bars are selected (a click toggles, so only then).
    const barsSelected = page.locator('.explorer-folders-view .monaco-list-row.selected[aria-label="bars-720p.jpg"]');
    for (let attempt = 0; attempt < 4 && !(await barsSelected.isVisible()); attempt++) {
      await bars.click({ modifiers: ['Control'] });
      await barsSelected.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await barsSelected.waitFor();
    if ((await explorer.locator('.monaco-list-row.selected').count()) < 2) await frame.click({ modifiers: ['Control'] });
    await until('frame and bars both selected', async () => (await explorer.locator('.monaco-list-row.selected').count()) === 2, { timeoutMs: 5_000 });
    await contextMenu(page, bars, 'Generate Video from Image(s)…');

    await waitForTitle(page, 'Veo Studio: choose a model');
    await answerQuickPick(page, 'first-last-image-to-video', 'Veo 3.1 — first and last frame');
    await waitForTitle(page, 'Veo Studio: which image comes first?');
    await screenshot(page, 'routes-explorer-order');
    // Offered in selection order (frame, then bars), with the swap below it.
    const rows = page.locator('.quick-input-list .monaco-list-row');
    assert.match(await rows.nth(0).innerText(), /frame-720p\.png → bars-720p\.jpg/);
    await rows.filter({ hasText: 'swapped' }).click();
    await waitForTitle(page, /^Veo Studio: prompt for/);
    await answerInput(page, 'The bars melt into the test card');
    await waitForTitle(page, 'Veo Studio: Veo 3.1 — first and last frame');
    await answerQuickPick(page, '', 'Generate');

    const { body } = await submitted(sim, 'The bars melt into the test card');
    assert.equal(body['image_url'], dataUri('bars-720p.jpg', 'image/jpeg'), 'swapped: the bars come first');
    assert.equal(body['last_image_url'], dataUri('frame-720p.png', 'image/png'));
    assert.equal(body['model'], 'google/veo-3.1-first-last-image-to-video');
    await waitForNotification(page, /Video saved: the-bars-melt-into-the-test-card\.mp4/, 120_000);
  });

  it('a selection in the editor becomes the prompt of a text-to-video job', async () => {
    const { page, sim } = session();
    await page.keyboard.press('Control+P');
    await answerQuickPick(page, 'README.md', 'README.md');
    const editor = page.locator('.monaco-editor .view-lines').first();
    await editor.waitFor();
    const line = editor.locator('.view-line', { hasText: 'Prompts and images' });
    await line.click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    // Right-clicking inside the selection keeps it.
    await contextMenu(page, line.locator('span').first(), 'Generate Video from Selection');
    await waitForTitle(page, 'Veo Studio: choose a model');
    await answerQuickPick(page, 'google/veo-3.1-t2v-fast', 'Veo 3.1 Fast — text to video');
    await waitForTitle(page, /^Veo Studio: prompt for/);
    assert.equal(await page.locator(QUICK_INPUT).inputValue(), 'Prompts and images for Veo Studio.');
    await page.keyboard.press('Enter');
    await waitForTitle(page, 'Veo Studio: Veo 3.1 Fast — text to video');
    await answerQuickPick(page, '', 'Generate');
    const { body } = await submitted(sim, 'Prompts and images for Veo Studio.');
    assert.equal(body['model'], 'google/veo-3.1-t2v-fast');
  });

  it('Show Log tells every request and outcome; the key is nowhere the window wrote', async () => {
    const { page, server, workspace } = session();
    await runCommand(page, 'Veo Studio: Show Log');
    const output = page.locator('.part.panel .monaco-editor .view-lines');
    await output.filter({ hasText: 'POST /v2/video/generations' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'routes-log');
    // The panel shows only what fits; the channel's file holds it all.
    const logs = spawnSync('find', [server.userDataDir, '-name', 'Veo Studio.log'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    assert.ok(logs.length > 0, 'the channel has a log file');
    const text = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.match(text, /GET \/v2\/billing → 200/);
    assert.match(text, /POST \/v2\/video\/generations → 200/);
    assert.match(text, /saved .*the-bars-melt-into-the-test-card\.mp4/);
    assert.ok(!text.includes(UI_KEY), 'the log holds no key');
    // Everything VS Code and the extension wrote for this window: settings, state, logs,
    // the workspace with its videos and sidecars. (code-server keeps secrets in the browser.)
    for (const dir of [server.userDataDir, workspace]) {
      const grep = spawnSync('grep', ['-rlF', '--binary-files=text', UI_KEY, dir], { encoding: 'utf8' });
      assert.equal(grep.stdout, '', `the key was found in: ${grep.stdout}`);
    }
  });
});
