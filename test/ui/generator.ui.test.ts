// The generator panel as a person uses it, in code-server with the packaged .vsix: set the
// key, open the panel from the palette, pick a model, type a prompt, pick workspace images
// from the list, change an option, read the estimate, submit with the keyboard, and find
// the job in the Jobs tree — while the simulator records exactly what was sent. Screenshots
// in dark, light and high-contrast themes; the panel comes back after a window reload.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { useUiSession } from '../support/uiSession';
import { pickFromWorkspace } from '../support/webviewSteps';
import { runCommand, screenshot, setColorTheme, showJobsView, webview } from '../support/workbench';

const I2V = 'google/veo-3.1-i2v';
const NAUGHTY = '<img src=x onerror=alert(1)>';

describe('generator panel in the real UI', function () {
  const session = useUiSession('generator', { apiKey: true, simulator: { pricePerSecondUsd: { [I2V]: 0.5 } } });
  let page: Page;
  let wv: FrameLocator;
  const prompt = `A paper boat drifts down a rain-soaked street at dusk ${NAUGHTY}, close-up, soft piano`;

  before(async function () {
    const { workspace } = session();
    page = session().page;
    // A file name a person might not expect to be dangerous: it must show as text.
    fs.copyFileSync(path.join(workspace, 'images', 'frame-720p.png'), path.join(workspace, 'images', `${NAUGHTY}.png`));
    wv = webview(page);
  });

  it('fills the form from the palette as a person would, submits with Ctrl+Enter, and the job appears in the Jobs tree', async () => {
    await runCommand(page, 'Veo Studio: Open Generator');
    await wv.locator('#model').waitFor({ timeout: 30_000 });

    await wv.locator('#model').selectOption({ label: 'Veo 3.1 — image to video' });
    await wv.locator('#model-description', { hasText: 'Animates one image' }).waitFor();
    await wv.locator('#prompt').fill(prompt);
    await wv.locator('#prompt-count', { hasText: `${prompt.length} /` }).waitFor();

    // A small image first: accepted, with the < 720p warning on the slot.
    const slot = wv.locator('#slot-image_url');
    await pickFromWorkspace(wv, 'image_url', 'small', 'small-180p.png');
    const warning = slot.locator('.media-warning');
    await warning.waitFor();
    assert.match(await warning.innerText(), /320×180, smaller than the 720p/);
    assert.equal(await slot.locator('.media-item img').count(), 1, 'a thumbnail');

    // Then the right one, which replaces it.
    await pickFromWorkspace(wv, 'image_url', 'frame-720', 'frame-720p.png');
    await slot.locator('.media-name', { hasText: 'frame-720p.png' }).waitFor();
    assert.equal(await slot.locator('.media-item').count(), 1);
    assert.equal(await slot.locator('.media-warning').count(), 0);

    await wv.locator('#opt-duration').selectOption('6');
    await wv.locator('#estimate', { hasText: 'About $3.00' }).waitFor({ timeout: 15_000 });
    assert.match(await wv.locator('#estimate').innerText(), /6 s at \$0\.50\/s/);
    await wv.locator('#balance', { hasText: '$25.00' }).waitFor();
    assert.equal(await wv.locator('#opt-resolution').inputValue(), '1080p', 'defaults shown');
    assert.equal(await wv.locator('#opt-generate_audio').isChecked(), true);
    assert.equal(await wv.locator('#variations').isVisible(), false, 'no variations without a seed option');

    await runCommand(page, 'Notifications: Clear All Notifications');
    for (const [theme, name] of [
      ['Dark Modern', 'generator-dark'],
      ['Light Modern', 'generator-light'],
      ['Dark High Contrast', 'generator-hc-dark'],
      ['Light High Contrast', 'generator-hc-light'],
    ] as const) {
      await setColorTheme(page, theme);
      await screenshot(page, name);
    }
    await setColorTheme(page, 'Dark Modern');

    // Every control has a name a screen reader can say, and Tab goes from the model to the prompt.
    const unlabelled = await wv
      .locator('input, select, textarea, button')
      .evaluateAll((els) =>
        els
          .filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent?.trim()))
          .map((e) => e.outerHTML.slice(0, 80)),
      );
    assert.deepEqual(unlabelled, []);
    await wv.locator('#model').focus();
    await page.keyboard.press('Tab');
    assert.equal(await wv.locator(':focus').getAttribute('id'), 'prompt');

    await wv.locator('#prompt').press('Control+Enter');
    await wv.locator('#status', { hasText: 'Job started' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'generator-submitted');
    assert.equal(await wv.locator('#prompt').inputValue(), prompt, 'the form is kept');
    assert.equal(await wv.locator('#opt-duration').inputValue(), '6');

    await showJobsView(page);
    await page.locator('.sidebar .monaco-list-row', { hasText: 'A paper boat drifts' }).first().waitFor({ timeout: 30_000 });

    const posts = session().sim.posts();
    assert.equal(posts.length, 1, 'exactly one job was sent');
    const png = fs.readFileSync(path.join(session().workspace, 'images', 'frame-720p.png'));
    assert.deepEqual(posts[0]!.body, {
      model: I2V,
      prompt,
      image_url: `data:image/png;base64,${png.toString('base64')}`,
      aspect_ratio: '16:9',
      duration: 6,
      resolution: '1080p',
      generate_audio: true,
    });
  });

  it('shows file names and prompts as text, validates as the person edits, and comes back after a window reload', async () => {
    // The file named like markup is listed as text and creates no element.
    const slot = wv.locator('#slot-image_url');
    await slot.getByRole('button', { name: 'Workspace' }).click();
    await slot.locator('input[type="search"]').fill('onerror');
    await slot.locator('.picker-item', { hasText: `${NAUGHTY}.png` }).waitFor();
    assert.equal(await wv.locator('img[src="x"]').count(), 0);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await screenshot(page, 'generator-picker');
    await slot.locator('input[type="search"]').press('Escape');

    // Clearing the prompt shows the catalog's message next to it; typing removes it.
    await wv.locator('#prompt').fill('');
    await wv.locator('#prompt-error', { hasText: 'Describe the video in the prompt.' }).waitFor();
    assert.equal(await wv.locator('#prompt').getAttribute('aria-invalid'), 'true');
    // Submitting anyway sends nothing and says what to fix.
    await wv.locator('#submit').click();
    await wv.locator('#status', { hasText: 'One field needs attention' }).waitFor();
    await screenshot(page, 'generator-invalid');
    assert.equal(session().sim.posts().length, 1, 'nothing more was sent');
    await wv.locator('#prompt').fill('Restored after a reload');
    await wv.locator('#prompt-error').waitFor({ state: 'hidden' });

    // A model with a seed offers variations; the estimate follows the count.
    await wv.locator('#model').selectOption({ label: 'Veo 3.1 Fast — text to video' });
    await wv.locator('#variations').waitFor();
    await wv.locator('#opt-seed').waitFor();
    assert.equal(await wv.locator('#opt-seed').getAttribute('placeholder'), 'Random');
    await wv.locator('#opt-negative_prompt').waitFor();

    // Reference images: several picked from the list, each with its thumbnail.
    await wv.locator('#model').selectOption({ label: 'Veo 3.1 — reference images' });
    await pickFromWorkspace(wv, 'image_urls', 'frame-720', 'frame-720p.png');
    await wv.locator('#slot-image_urls .media-item').first().waitFor();
    await pickFromWorkspace(wv, 'image_urls', 'bars', 'bars-720p.jpg');
    await wv.locator('#slot-image_urls .media-name', { hasText: 'bars-720p.jpg' }).waitFor();
    assert.equal(await wv.locator('#slot-image_urls .media-item img').count(), 2);
    await screenshot(page, 'generator-references');

    await wv.locator('#model').selectOption({ label: 'Veo 3.1 — image to video' });
    await slot.locator('.media-name', { hasText: 'frame-720p.png' }).waitFor();

    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.setViewportSize({ width: 900, height: 900 });
    await page.waitForTimeout(400);
    await screenshot(page, 'generator-narrow');
    await page.setViewportSize({ width: 1400, height: 900 });

    await session().reload();
    await wv.locator('#prompt').waitFor({ timeout: 60_000 });
    await wv.locator('#slot-image_url .media-name', { hasText: 'frame-720p.png' }).waitFor({ timeout: 30_000 });
    assert.equal(await wv.locator('#prompt').inputValue(), 'Restored after a reload');
    assert.equal(await wv.locator('#model').inputValue(), I2V);
    assert.equal(await wv.locator('#opt-duration').inputValue(), '6');
    await screenshot(page, 'generator-restored');
  });
});
