// A person acts on jobs from the Jobs tree: retry (a new job, same body), cancel (no more
// requests), remove (a modal asks before the video is deleted), extend (a chained job
// under its source that completes).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerDialog, answerQuickPick, contextMenu, dialog, generateThroughUi, inputBoxValue, jobRow, submitted, waitForRow } from '../support/jobJourney';
import { useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { answerInput, screenshot, setColorTheme, showJobsView, waitForNotification } from '../support/workbench';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('actions on jobs in the tree', function () {
  const session = useUiSession('actions', { apiKey: true });

  before(async function () {
    await setColorTheme(session().page, 'Dark Modern');
    await showJobsView(session().page);
  });

  it('retry from the context menu makes a new job that sends the same body', async () => {
    const { page, sim } = session();
    const prompt = 'Retry journey: a paper lantern drifts upward';
    const first = await generateThroughUi(page, sim, prompt);
    const row = await waitForRow(page, 'Retry journey', 'Saved');
    await contextMenu(page, row, 'Retry Job');
    const second = await submitted(sim, prompt, 1);
    assert.notEqual(second.generationId, first.generationId);
    assert.deepEqual(second.body, first.body);
    await page.waitForFunction(
      (p) => document.querySelectorAll(`.pane-body .monaco-list-row[aria-label^="${p}"]`).length === 2,
      'Retry journey',
    );
    // Both jobs end saved: the first and its retry.
    await page.waitForFunction(
      (p) => [...document.querySelectorAll(`.pane-body .monaco-list-row[aria-label^="${p}"]`)].filter((r) => r.getAttribute('aria-label')?.includes('. Saved')).length === 2,
      'Retry journey',
      { timeout: 30_000 },
    );
    await screenshot(page, 'actions-retry');
  });

  it('cancel from the inline action stops the requests for that job and says it may still be billed', async () => {
    const { page, sim } = session();
    sim.nextJob({ outcome: 'neverFinishes' });
    const { generationId } = await generateThroughUi(page, sim, 'Cancel journey: waves that never end');
    const row = await waitForRow(page, 'Cancel journey', /\. (Queued|Generating|Waiting)/);
    await row.hover();
    await row.locator('.action-label[aria-label="Cancel Job"]').click();
    await waitForRow(page, 'Cancel journey', 'Cancelled');
    await waitForNotification(page, /may still finish and be billed/);
    await screenshot(page, 'actions-cancel');
    const polls = () => sim.requests.filter((r) => r.query['generation_id'] === generationId).length;
    const before = polls();
    await sleep(5000);
    assert.equal(polls(), before, 'no request for the cancelled job');
  });

  it('remove asks first; "Remove from List" keeps the video, "Remove and Delete Video" deletes it', async () => {
    const { page, sim, workspace } = session();
    await generateThroughUi(page, sim, 'Remove journey: keep this file');
    let row = await waitForRow(page, 'Remove journey: keep', 'Saved');
    const kept = path.join(workspace, 'videos', 'remove-journey-keep-this-file.mp4');
    assert.ok(fs.existsSync(kept));
    await contextMenu(page, row, 'Remove Job…');
    await dialog(page).waitFor();
    assert.match(await dialog(page).innerText(), /Remove “Remove journey: keep this file” from the Jobs list\?/);
    await answerDialog(page, 'Remove from List');
    await jobRow(page, 'Remove journey: keep').waitFor({ state: 'detached' });
    assert.ok(fs.existsSync(kept), 'the video stays');

    await generateThroughUi(page, sim, 'Remove journey: delete this file');
    row = await waitForRow(page, 'Remove journey: delete', 'Saved');
    const doomed = path.join(workspace, 'videos', 'remove-journey-delete-this-file.mp4');
    assert.ok(fs.existsSync(doomed));
    await contextMenu(page, row, 'Remove Job…');
    await dialog(page).waitFor();
    await screenshot(page, 'actions-remove-dialog');
    assert.ok(fs.existsSync(doomed), 'nothing is deleted while the question is open');
    await answerDialog(page, 'Remove and Delete Video');
    // In a browser there is no trash: a second question before deleting for good.
    const second = dialog(page).filter({ hasText: /permanently/ });
    if (await second.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      assert.ok(fs.existsSync(doomed), 'still there until the second answer');
      await screenshot(page, 'actions-remove-permanently');
      await answerDialog(page, 'Delete Permanently');
    }
    await jobRow(page, 'Remove journey: delete').waitFor({ state: 'detached' });
    await until(`${doomed} to be deleted`, () => !fs.existsSync(doomed), { timeoutMs: 5000 });
    assert.equal(fs.existsSync(doomed), false, 'the video is deleted');
    assert.equal(fs.existsSync(doomed.replace(/\.mp4$/, '.json')), false, 'and its sidecar');
  });

  it('extend makes a chained job under its source that completes', async () => {
    const { page, sim } = session();
    const prompt = 'Extend journey: a paper boat on a puddle';
    await setColorTheme(page, 'Light Modern');
    await generateThroughUi(page, sim, prompt);
    const parent = await waitForRow(page, 'Extend journey', 'Saved');
    await contextMenu(page, parent, 'Extend Video…');
    await answerQuickPick(page, 'fast-extend', 'Veo 3.1 Fast — extend a video');
    assert.equal(await inputBoxValue(page, /^Veo Studio: extend “/), prompt, 'pre-filled with the original prompt');
    await answerInput(page, 'Then the boat sails into a storm drain');
    const child = await submitted(sim, 'Then the boat sails into a storm drain');
    assert.equal(child.body['model'], 'google/veo3-1-fast-extend-video');
    assert.match(String(child.body['video_url']), /^data:video\/mp4;base64,/);

    const childRow = page.locator('.pane-body .monaco-list-row[aria-level="2"][aria-label^="Then the boat sails"]');
    await childRow.waitFor({ timeout: 20_000 });
    await waitForRow(page, 'Then the boat sails', 'Saved');
    // The child sits right under its source.
    const order = await page.locator('.pane-body .monaco-list-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('aria-level')}:${r.getAttribute('aria-label')?.slice(0, 20)}`));
    const at = order.findIndex((r) => r.startsWith('1:Extend journey'));
    assert.ok(at >= 0 && order[at + 1]?.startsWith('2:Then the boat'), order.join('\n'));
    await page.mouse.move(5, 5);
    await page.waitForTimeout(300);
    await screenshot(page, 'actions-extend-chain');
  });
});
