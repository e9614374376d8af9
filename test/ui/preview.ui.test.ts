// A person generates a video, clicks it in the Jobs tree and watches it in the preview:
// the <video> plays, the prompt and the facts stand beside it as text, in dark and light
// themes; after a reload the same preview comes back.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { generateThroughUi, jobsFor, submitted, waitForRow } from '../support/jobJourney';
import { SCREENSHOTS } from '../support/paths';
import { useUiSession } from '../support/uiSession';
import { commandByKeyboard, expectAccessible, isFocused, play, tabTo, waitForPreview } from '../support/webviewSteps';
import { screenshot, setColorTheme, showJobsView } from '../support/workbench';

const PROMPT = 'A red kite circles <b>above</b> a windmill at sunset';

async function textOf(frame: FrameLocator): Promise<string> {
  return frame.locator('body').innerText();
}

describe('the video preview', function () {
  const session = useUiSession('preview', { apiKey: true });

  it('a click on a finished job plays its video with the prompt, model, parameters, size and cost beside it', async () => {
    const { page, sim } = session();
    await generateThroughUi(page, sim, PROMPT);
    await showJobsView(page);
    const row = await waitForRow(page, 'A red kite circles', 'Saved');
    await setColorTheme(page, 'Dark Modern');
    await row.click();

    const frame = await waitForPreview(page);
    const state = await play(frame);
    assert.equal(state.paused, false);
    assert.ok(state.currentTime > 0, 'time moves');

    const text = await textOf(frame);
    for (const expected of [PROMPT, 'Veo 3.1 Fast — image to video', 'google/veo-3.1-i2v-fast', 'Duration', '8 s', 'Resolution', 'Size', 'KB', 'Cost', '$', 'images/frame-720p.png', 'AAC', 'Open Externally', 'Reveal in Explorer', 'Copy Prompt', 'Regenerate', 'Edit & Regenerate', 'Extend']) {
      assert.ok(text.includes(expected), `"${expected}" in the preview:\n${text}`);
    }
    // The prompt's markup is text, not elements.
    assert.equal(await frame.locator('main b').count(), 0);
    // Every button can be reached with the keyboard.
    const buttons = frame.locator('.actions button');
    assert.ok((await buttons.count()) >= 6);
    await buttons.first().focus();
    await page.keyboard.press('Tab');
    assert.equal(await frame.locator('.actions button:focus').getAttribute('data-intent'), 'reveal');
    await page.waitForTimeout(600);
    await screenshot(page, 'preview-dark');
    await expectAccessible(page, 'the preview (Dark Modern)');
  });

  it('reads well in the light and high-contrast themes, passes axe-core in each, and shows where the focus is', async () => {
    const { page } = session();
    const problems: string[] = [];
    for (const [theme, name] of [
      ['Light Modern', 'preview-light'],
      ['Dark High Contrast', 'preview-high-contrast'],
      ['Light High Contrast', 'preview-high-contrast-light'],
      ['Dark Modern', 'preview-focus-dark'],
    ] as const) {
      await setColorTheme(page, theme);
      const frame = await waitForPreview(page);
      if (theme === 'Light Modern') await play(frame);
      // The keyboard into the panel, onto its first action: the ring shows in the screenshot.
      await commandByKeyboard(page, 'View: Focus Active Editor Group');
      await tabTo(page, frame, '.actions button[data-intent="openExternally"]', { max: 40 });
      await screenshot(page, name);
      await frame.locator('.stage').screenshot({ path: path.join(SCREENSHOTS, `${name}-actions.png`) });
      await expectAccessible(page, `the preview (${theme})`).catch((e: unknown) => problems.push(String(e)));
    }
    assert.deepEqual(problems, []);
  });

  it('a narrow panel stacks the details under the video', async () => {
    const { page } = session();
    await page.setViewportSize({ width: 900, height: 900 });
    const frame = await waitForPreview(page);
    await frame.locator('video').waitFor();
    await page.waitForTimeout(400);
    await screenshot(page, 'preview-narrow');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('comes back after a window reload, showing the same job', async () => {
    const page = await session().reload();
    const frame = await waitForPreview(page);
    assert.ok((await textOf(frame)).includes(PROMPT));
    await play(frame);
  });

  it('with the keyboard alone: Enter on the job in the tree opens it, Space on Regenerate sends it again, and the preview follows the new job', async () => {
    const { page, sim } = session();
    const before = jobsFor(sim, PROMPT);
    await commandByKeyboard(page, 'Veo Studio: Focus on Jobs View');
    await page.keyboard.press('Home');
    await page.locator('.sidebar .monaco-list-row.focused', { hasText: 'A red kite circles' }).waitFor();
    await page.keyboard.press('Enter');
    let frame = await waitForPreview(page);
    await frame.locator('.actions button[data-intent="regenerate"]').waitFor();
    await tabTo(page, frame, '.actions button[data-intent="regenerate"]', { max: 40 });
    await page.keyboard.press('Space');
    await submitted(sim, PROMPT, before.length, 20_000);
    const after = jobsFor(sim, PROMPT);
    assert.equal(after.length, before.length + 1, 'one new job');
    assert.deepEqual(after.at(-1)!.body, before[0]!.body, 'with the same body');
    frame = await waitForPreview(page);
    await frame.locator('.head .status', { hasText: /Queued|Generating|Waiting|Sending|Saving/ }).waitFor({ timeout: 10_000 }).catch(() => undefined);
    // The change is said in the live region, and the keyboard is still on an action.
    await frame.locator('#announce[role="status"]', { hasText: /Queued|Generating|Waiting|Sending|Saving|Saved/ }).waitFor({ timeout: 10_000 });
    assert.ok(await isFocused(frame, '.actions button:not([data-intent="cancel"])'), 'the focus stays on the actions, and not on Cancel');
    await screenshot(page, 'preview-regenerating');
    // The panel follows the new job until its video is there.
    await frame.locator('.head .status', { hasText: 'Saved' }).waitFor({ timeout: 30_000 });
    await frame.locator('#announce', { hasText: 'Saved' }).waitFor();
    await play(frame);
  });

  it('"Open" on the saved notification opens the preview of that video', async () => {
    const { page, sim } = session();
    await generateThroughUi(page, sim, 'A lighthouse beam sweeps the night sea');
    const toast = page.locator('.notification-toast', { hasText: 'Video saved: a-lighthouse-beam-sweeps-the-night-sea.mp4' });
    await toast.waitFor({ timeout: 30_000 });
    await toast.locator('.monaco-button', { hasText: 'Open' }).first().click();
    const frame = await waitForPreview(page);
    await frame.locator('h1', { hasText: 'A lighthouse beam sweeps the night sea' }).waitFor({ timeout: 10_000 });
    await play(frame);
  });

  it("a failed job's preview shows the service's message and what to do", async () => {
    const { page, sim } = session();
    sim.nextJob({ outcome: 'failed', errorMessage: 'The prompt was blocked by the safety filter', queueMs: 0, generateMs: 200 });
    await generateThroughUi(page, sim, 'A forbidden scene for the preview');
    await showJobsView(page);
    const row = await waitForRow(page, 'A forbidden scene', 'Failed');
    await row.click();
    const frame = await waitForPreview(page);
    await frame.locator('.problem', { hasText: 'blocked by the safety filter' }).waitFor();
    const text = await textOf(frame);
    for (const expected of ['blocked by the safety filter', 'Edit & Regenerate', 'Retry', 'Show Log']) {
      assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
    }
    assert.equal(await frame.locator('video').count(), 0);
    await page.waitForTimeout(300);
    await screenshot(page, 'preview-failed');
  });
});
