// The pictures in the README, taken from the real UI: a working session with the Jobs view,
// the generator panel and a finished video's preview. Saved as readme-*.png under
// .test-output/screenshots; media/readme/ holds the copies the README shows.
import assert from 'node:assert/strict';
import { generateThroughUi, showJobsView, waitForRow } from '../support/jobJourney';
import { UI_KEY, startUiSession, type UiSession } from '../support/uiSession';
import { runCommand, screenshot, setApiKeyThroughUi, setColorTheme, webview } from '../support/workbench';

describe('the README pictures', function () {
  let session: UiSession;

  before(async function () {
    session = await startUiSession({ viewport: { width: 1440, height: 860 }, simulator: { timing: () => ({ queueMs: 200, generateMs: 1500 }) } });
    await setColorTheme(session.page, 'Dark Modern');
    await setApiKeyThroughUi(session.page, UI_KEY);
  });

  after(async function () {
    await session?.stop();
  });

  it('a session: finished and running jobs beside the generator panel, then a finished video playing', async () => {
    const { page, sim } = session;
    const first = 'A paper boat drifts down a rain-soaked street at dusk, close-up, soft piano';
    await generateThroughUi(page, sim, first);
    await showJobsView(page);
    await waitForRow(page, first, 'Saved', 90_000);
    sim.nextJob({ outcome: 'neverFinishes' });
    const second = 'Golden hour over a lavender field, slow drone push-in';
    await generateThroughUi(page, sim, second);
    await waitForRow(page, second, /Queued|Generating|Waiting/);

    await runCommand(page, 'Veo Studio: Open Generator');
    const wv = webview(page);
    await wv.locator('#model').waitFor({ timeout: 30_000 });
    await wv.locator('#model').selectOption({ label: 'Veo 3.1 — first and last frame' });
    await wv.locator('#prompt').fill('The lighthouse beam sweeps across a stormy sea as night falls, waves crashing below');
    for (const [slot, file] of [['image_url', 'frame-720p.png'], ['last_image_url', 'bars-720p.jpg']] as const) {
      const box = wv.locator(`#slot-${slot}`);
      await box.getByRole('button', { name: 'Workspace' }).click();
      await box.locator('.picker-item', { hasText: file }).first().click();
      await box.locator('.media-name', { hasText: file }).waitFor();
    }
    await wv.locator('#estimate', { hasText: 'About' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await screenshot(page, 'readme-overview');

    await (await waitForRow(page, first, 'Saved')).click();
    const video = webview(page).locator('video');
    await video.waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => {
        const frame = document.querySelector('iframe.webview.ready') as HTMLIFrameElement | null;
        const inner = frame?.contentDocument?.querySelector('#active-frame') as HTMLIFrameElement | null;
        const v = inner?.contentDocument?.querySelector('video');
        return !!v && v.currentTime > 0.5;
      },
      undefined,
      { timeout: 30_000 },
    ).catch(() => undefined);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await screenshot(page, 'readme-preview');
    assert.equal(await video.evaluate((v: HTMLVideoElement) => v.error), null, 'the video decodes');
  });
});
