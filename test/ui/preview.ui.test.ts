// A person generates a video, clicks it in the Jobs tree and watches it in the preview:
// the <video> plays, the prompt and the facts stand beside it as text, in dark and light
// themes; after a reload the same preview comes back.
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { generateThroughUi, jobsFor, submitted, waitForRow } from '../support/jobJourney';
import { useUiSession } from '../support/uiSession';
import { play, waitForPreview } from '../support/webviewSteps';
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
  });

  it('reads well in the light and high-contrast themes', async () => {
    const { page } = session();
    await setColorTheme(page, 'Light Modern');
    await play(await waitForPreview(page));
    await screenshot(page, 'preview-light');
    await setColorTheme(page, 'Dark High Contrast');
    await waitForPreview(page);
    await screenshot(page, 'preview-high-contrast');
    await setColorTheme(page, 'Light High Contrast');
    await waitForPreview(page);
    await screenshot(page, 'preview-high-contrast-light');
    await setColorTheme(page, 'Dark Modern');
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

  it('the buttons work from the page: Regenerate sends the same request again and the preview follows the new job', async () => {
    const { page, sim } = session();
    let frame = await waitForPreview(page);
    const before = jobsFor(sim, PROMPT);
    await frame.locator('.actions button[data-intent="regenerate"]').click();
    await submitted(sim, PROMPT, before.length, 20_000);
    const after = jobsFor(sim, PROMPT);
    assert.equal(after.length, before.length + 1, 'one new job');
    assert.deepEqual(after.at(-1)!.body, before[0]!.body, 'with the same body');
    frame = await waitForPreview(page);
    await frame.locator('.head .status', { hasText: /Queued|Generating|Waiting|Sending|Saving/ }).waitFor({ timeout: 10_000 }).catch(() => undefined);
    await screenshot(page, 'preview-regenerating');
    // The panel follows the new job until its video is there.
    await frame.locator('.head .status', { hasText: 'Saved' }).waitFor({ timeout: 30_000 });
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
