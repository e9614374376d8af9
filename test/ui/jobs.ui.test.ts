// Jobs that are never lost, seen as a person sees them: the tree, the status bar, the
// notification — across a window reload mid-job and an extension host crash mid-download.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { killExtensionHosts } from '../support/codeServer';
import { waitForTitle } from '../support/jobJourney';
import { FIXTURES } from '../support/paths';
import { useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { answerInput, pickQuickItem, runCommand, screenshot, showJobsView, waitForNotification } from '../support/workbench';

describe('jobs in the real UI', function () {
  const session = useUiSession('jobs', { apiKey: true });
  const rows = () => session().page.locator('.sidebar .monaco-list-row');
  const videos = () => path.join(session().workspace, 'videos');
  /** Partial downloads in videos/ with their sizes (a file may be renamed while we look). */
  const partials = () =>
    (fs.existsSync(videos()) ? fs.readdirSync(videos()) : [])
      .filter((f) => f.endsWith('.part'))
      .map((f) => ({ file: f, size: fs.statSync(path.join(videos(), f), { throwIfNoEntry: false })?.size ?? 0 }));

  before(async function () {
    await showJobsView(session().page);
  });

  it('shows a running job in the tree and the status bar, keeps it across a window reload, and saves its video', async () => {
    const { page, sim } = session();
    sim.nextJob({ queueMs: 1500, generateMs: 6000 });
    await runCommand(page, 'Veo Studio: Generate Video…');
    await pickQuickItem(page, 'Veo 3.1 — image to video');
    await waitForTitle(page, /^Veo Studio: prompt for/);
    await answerInput(page, 'A hot-air balloon rises over misty hills at sunrise');
    await waitForTitle(page, /^Veo Studio: image$/);
    await pickQuickItem(page, 'frame-720p.png');
    await waitForTitle(page, 'Veo Studio: Veo 3.1 — image to video');
    await pickQuickItem(page, 'Generate');

    const row = rows().filter({ hasText: 'A hot-air balloon rises' });
    await row.filter({ hasText: /Queued|Generating|Waiting/ }).waitFor({ timeout: 20_000 });
    const spinner = page.locator('.statusbar-item', { has: page.locator('.codicon-sync.codicon-modifier-spin') });
    await spinner.waitFor();
    assert.match(await spinner.innerText(), /1/);
    await screenshot(page, 'jobs-running');

    await session().reload();
    await row.waitFor({ timeout: 30_000 });
    const toast = await waitForNotification(page, /Video saved: a-hot-air-balloon-rises-over-misty-hills.*\.mp4/, 120_000);
    // Saved: the row says so, and its icon is the poster (the input image), not a status icon.
    await row.filter({ hasText: /Saved/ }).waitFor();
    const icon = row.locator('.custom-view-tree-node-item-icon').first();
    await until('the poster as the row\'s icon', async () => /frame-720p\.png/.test(await icon.evaluate((el) => getComputedStyle(el).backgroundImage)), { timeoutMs: 10_000 });
    await screenshot(page, 'jobs-saved-after-reload');
    const name = /Video saved: (\S+\.mp4)/.exec(await toast.innerText())![1]!;
    assert.deepEqual(
      fs.readFileSync(path.join(videos(), name)),
      fs.readFileSync(path.join(FIXTURES, 'sample.mp4')),
    );
    assert.equal(sim.posts().length, 1, 'the reload never re-sent the job');
    assert.equal(sim.cdnAuthorizationSeen(), false);
  });

  it('survives an extension host crash mid-download: no partial file under the final name, and the download completes', async () => {
    const { page, sim, server } = session();
    const bytes = 24_000_000;
    const postsBefore = sim.posts().length;
    sim.nextJob({ queueMs: 0, generateMs: 500, videoBytes: bytes });
    sim.fault({ on: 'cdn', bytesPerSecond: 1_500_000 });
    await runCommand(page, 'Veo Studio: Generate Video…');
    await pickQuickItem(page, 'Veo 3.1 Fast — text to video');
    await waitForTitle(page, /^Veo Studio: prompt for/);
    await answerInput(page, 'Slow download across a crash');
    await waitForTitle(page, 'Veo Studio: Veo 3.1 Fast — text to video');
    await pickQuickItem(page, 'Generate');

    await rows().filter({ hasText: 'Slow download across a crash' }).filter({ hasText: 'Saving' }).waitFor({ timeout: 30_000 });
    // Bytes have reached the disk: the crash comes mid-download.
    await until(() => `a non-empty *.part file in ${videos()}: ${JSON.stringify(partials())}`, () => partials().some((p) => p.size > 0), { timeoutMs: 30_000 });
    const final = path.join(videos(), 'slow-download-across-a-crash.mp4');
    assert.equal(killExtensionHosts(server), 1, 'one extension host was killed');
    assert.equal(fs.existsSync(final), false, 'nothing under the final name mid-download');
    const partial = fs.readdirSync(videos()).filter((f) => f.endsWith('.part'));
    assert.equal(partial.length, 1, `a temp file holds the partial download: ${fs.readdirSync(videos()).join(', ')}`);

    await session().reload();
    await waitForNotification(page, /Video saved: slow-download-across-a-crash\.mp4/, 90_000);
    assert.equal(fs.statSync(final).size, bytes);
    assert.deepEqual(fs.readdirSync(videos()).filter((f) => f.endsWith('.part')), []);
    assert.equal(sim.posts().length, postsBefore + 1, 'the crash never re-sent the job');
  });
});
