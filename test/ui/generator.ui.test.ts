// The generator panel as a person uses it, in code-server with the packaged .vsix: set the
// key, open the panel from the palette, pick a model, type a prompt, pick workspace images
// from the list, change an option, read the estimate, submit with the keyboard, and find
// the job in the Jobs tree — while the simulator records exactly what was sent. Screenshots
// in dark, light and high-contrast themes; the panel comes back after a window reload.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { SCREENSHOTS } from '../support/paths';
import { useUiSession } from '../support/uiSession';
import { commandByKeyboard, expectAccessible, focusedElement, focusMatches, focusRing, isFocused, pickFromWorkspace, tabTo } from '../support/webviewSteps';
import { runCommand, screenshot, setColorTheme, showJobsView, webview, type ThemeName } from '../support/workbench';

const THEMES: ReadonlyArray<readonly [ThemeName, string]> = [
  ['Dark Modern', 'dark'],
  ['Light Modern', 'light'],
  ['Dark High Contrast', 'hc-dark'],
  ['Light High Contrast', 'hc-light'],
];
/** The class VS Code gives a webview's body in each theme: the page wears the theme once it has it. */
const BODY_CLASS: Readonly<Record<ThemeName, string>> = {
  'Dark Modern': 'vscode-dark',
  'Light Modern': 'vscode-light',
  'Dark High Contrast': 'vscode-high-contrast',
  'Light High Contrast': 'vscode-high-contrast-light',
};

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
    assert.match(await wv.locator("#estimate").innerText(), /6 s × \$0\.50\/s/);
    await wv.locator('#balance', { hasText: '$25.00' }).waitFor();
    assert.equal(await wv.locator('#opt-resolution').inputValue(), '1080p', 'defaults shown');
    assert.equal(await wv.locator('#opt-generate_audio').isChecked(), true);
    assert.equal(await wv.locator('#variations').isVisible(), false, 'no variations without a seed option');

    await runCommand(page, 'Notifications: Clear All Notifications');
    // In every theme: a screenshot, and axe-core's rules inside the panel (contrast included).
    const problems: string[] = [];
    for (const [theme, name] of THEMES) {
      await setColorTheme(page, theme);
      await wv.locator(`body.${BODY_CLASS[theme]}`).waitFor();
      await screenshot(page, `generator-${name}`);
      await expectAccessible(page, `the generator panel (${theme})`).catch((e: unknown) => problems.push(String(e)));
    }
    await setColorTheme(page, 'Dark Modern');
    assert.deepEqual(problems, []);

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
  it('works with the keyboard alone: model, prompt, options, an image from the list, Generate, Show Jobs; focus visible in every theme', async () => {
    session().sim.reset();
    await commandByKeyboard(page, 'Veo Studio: Open Generator');
    await wv.locator('#model').waitFor({ timeout: 30_000 });
    // Into the page and to the model, with Tab alone.
    await tabTo(page, wv, '#model');
    // Another model and back with the arrow keys (the image of the slot they share stays).
    await page.keyboard.press('ArrowUp');
    await wv.locator('#model-description', { hasText: 'preview of Lite' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await wv.locator('#model-description', { hasText: 'Animates one image' }).waitFor();
    assert.equal(await wv.locator('#model').inputValue(), I2V);

    await tabTo(page, wv, '#prompt');
    // Emptied with Backspace (Ctrl+A goes through VS Code and selects again a moment later).
    await page.keyboard.press('End');
    const old = await wv.locator('#prompt').inputValue();
    for (let i = 0; i < old.length; i++) await page.keyboard.press('Backspace');
    assert.equal(await wv.locator('#prompt').inputValue(), '');
    await page.keyboard.type('A lantern floats over a dark lake, typed without a mouse');
    assert.equal(await wv.locator('#prompt').inputValue(), 'A lantern floats over a dark lake, typed without a mouse');
    await tabTo(page, wv, '#opt-duration');
    await page.keyboard.press('ArrowDown');
    assert.equal(await wv.locator('#opt-duration').inputValue(), '8');
    await tabTo(page, wv, '#opt-generate_audio');
    await page.keyboard.press('Space');
    assert.equal(await wv.locator('#opt-generate_audio').isChecked(), false);
    await wv.locator('.summary', { hasText: 'silent' }).waitFor();

    // The image in the slot: removed with Enter on its Remove button, then picked again from the list.
    const slot = wv.locator('#slot-image_url');
    await tabTo(page, wv, '#slot-image_url .media-item button');
    await page.keyboard.press('Enter');
    await slot.locator('.media-item').waitFor({ state: 'detached' });
    assert.ok(await isFocused(wv, '#slot-image_url button[aria-controls="slot-image_url-picker"]'), 'the focus goes to Workspace, not to nowhere');
    await page.keyboard.press('Enter');
    assert.ok(await isFocused(wv, '#slot-image_url input[type="search"]'), 'the search box of the list');
    await page.keyboard.type('frame-720');
    // The workspace's images come from the extension: a person sees the list before going down it.
    await slot.locator('.picker-item', { hasText: 'frame-720p.png' }).first().waitFor();
    await page.keyboard.press('ArrowDown');
    assert.ok(await focusMatches(wv, '#slot-image_url .picker-item'), `focused: ${await focusedElement(wv)}`);
    await page.keyboard.press('Enter');
    await slot.locator('.media-name', { hasText: 'frame-720p.png' }).waitFor();

    // Shift+Tab goes back the same way.
    await tabTo(page, wv, '#opt-generate_audio', { back: true });
    await tabTo(page, wv, '#submit');

    // The focus shows on every kind of control, in every theme.
    const rings: string[] = [];
    for (const [theme, name] of THEMES) {
      await setColorTheme(page, theme);
      // The theme picker had the focus: back into the panel with the keyboard.
      await commandByKeyboard(page, 'View: Focus Active Editor Group');
      for (const selector of ['#model', '#prompt', '#opt-generate_audio', '#slot-image_url .media-item button', '#submit']) {
        await tabTo(page, wv, selector, { max: 40 });
        const ring = await focusRing(wv);
        if (!ring?.visible) rings.push(`${theme} ${selector}: ${JSON.stringify(ring)}`);
      }
      // Close up, where a ring of one or two pixels can be seen.
      await wv.locator('.summary .actions').screenshot({ path: path.join(SCREENSHOTS, `generator-focus-submit-${name}.png`) });
      await tabTo(page, wv, '#model', { back: true, max: 40 });
      await wv.locator('.field:has(#model)').screenshot({ path: path.join(SCREENSHOTS, `generator-focus-model-${name}.png`) });
      await tabTo(page, wv, '#submit', { max: 40 });
      await screenshot(page, `generator-focus-${name}`);
    }
    await setColorTheme(page, 'Dark Modern');
    assert.deepEqual(rings, []);

    await commandByKeyboard(page, 'View: Focus Active Editor Group');
    await tabTo(page, wv, '#submit', { max: 40 });
    await page.keyboard.press('Enter');
    await wv.locator('#status', { hasText: 'Job started' }).waitFor({ timeout: 30_000 });
    assert.equal(await wv.locator('#status').getAttribute('role'), 'status', 'announced by screen readers');
    assert.ok(await isFocused(wv, '#submit'), 'the focus stays on Generate');
    await tabTo(page, wv, '#status button');
    await page.keyboard.press('Enter');
    await page.locator('.sidebar .monaco-list-row', { hasText: 'A lantern floats over a dark lake' }).first().waitFor({ timeout: 30_000 });

    const posts = session().sim.posts();
    assert.equal(posts.length, 1, 'exactly one job was sent');
    const body = posts[0]!.body as Record<string, unknown>;
    assert.equal(body['prompt'], 'A lantern floats over a dark lake, typed without a mouse');
    assert.equal(body['duration'], 8);
    assert.equal(body['generate_audio'], false);
  });
});
