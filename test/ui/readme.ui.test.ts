// The pictures in the README, taken from the real UI: a working session with the Jobs view,
// the generator panel and a finished video's preview. Saved as readme-*.png under
// .test-output/screenshots; media/readme/ holds the copies the README shows.
import assert from 'node:assert/strict';
import { generateThroughUi, waitForRow } from '../support/jobJourney';
import { useUiSession } from '../support/uiSession';
import { pickFromWorkspace, play, waitForPreview } from '../support/webviewSteps';
import { runCommand, screenshot, setColorTheme, showJobsView, webview } from '../support/workbench';

describe('the README pictures', function () {
  const session = useUiSession('readme', {
    apiKey: true,
    viewport: { width: 1440, height: 860 },
    simulator: { timing: () => ({ queueMs: 200, generateMs: 1500 }) },
  });

  before(async function () {
    await setColorTheme(session().page, 'Dark Modern');
  });

  it('a session: finished and running jobs beside the generator panel, then a finished video playing', async () => {
    const { page, sim } = session();
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
    for (const [slot, search, file] of [['image_url', 'frame-720', 'frame-720p.png'], ['last_image_url', 'bars', 'bars-720p.jpg']] as const) {
      await pickFromWorkspace(wv, slot, search, file);
      await wv.locator(`#slot-${slot} .media-name`, { hasText: file }).waitFor();
    }
    await wv.locator('#estimate', { hasText: 'About' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await screenshot(page, 'readme-overview');

    await (await waitForRow(page, first, 'Saved')).click();
    const preview = await waitForPreview(page);
    // Half a second in, so the picture shows the clip rather than its first frame.
    await play(preview, 0.5);
    const video = preview.locator('video');
    await runCommand(page, 'Notifications: Clear All Notifications');
    await screenshot(page, 'readme-preview');
    assert.equal(await video.evaluate((v: HTMLVideoElement) => v.error), null, 'the video decodes');
  });
});
