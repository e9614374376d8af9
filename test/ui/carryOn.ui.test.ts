// A shot list's run across a window reload, as a person meets it: the new window carries the
// run on and says so with a Stop button, or, when the waiting shots would now pass the
// person's budget, sends nothing and asks (Continue Anyway / Stop) without a modal dialog.
// The buttons are the notifications' own, clicked in the real workbench.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerDialog, dialog, waitForRow } from '../support/jobJourney';
import { useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { runCommand, screenshot, showJobsView, waitForNotification } from '../support/workbench';

const GENERATE_MS = 12_000;

const list = (name: string) => ({
  defaults: { model: 'google/veo-3.1-t2v-fast', options: { resolution: '720p', duration: 4 } },
  shots: [1, 2, 3].map((n) => ({ prompt: `${name}: shot ${n} of the carried run`, output: `${name}-${n}` })),
});

describe('a shot list’s run after a reload, in the real UI', function () {
  const session = useUiSession('carryon', { apiKey: true, settings: { 'veoStudio.maxConcurrentJobs': 1 } });
  const userSettings = () => path.join(session().server.userDataDir, 'User', 'settings.json');
  const setUserSetting = (key: string, value: unknown) => {
    const settings = JSON.parse(fs.readFileSync(userSettings(), 'utf8')) as Record<string, unknown>;
    if (value === undefined) delete settings[key];
    else settings[key] = value;
    fs.writeFileSync(userSettings(), JSON.stringify(settings, null, 2));
  };

  before(async function () {
    await showJobsView(session().page);
  });

  after(() => {
    if (fs.existsSync(userSettings())) setUserSetting('veoStudio.budget.perJobUSD', undefined);
  });

  /** Writes a 3-shot list, opens it and runs it; resolves once one shot runs and two wait. */
  async function startRun(name: string): Promise<string> {
    const { page, sim, workspace } = session();
    const file = `${name}.veo.json`;
    fs.writeFileSync(path.join(workspace, file), JSON.stringify(list(name), null, 2) + '\n');
    for (let i = 0; i < 3; i++) sim.nextJob({ queueMs: 500, generateMs: GENERATE_MS });
    const inExplorer = page.locator('.explorer-folders-view .monaco-list-row', { hasText: file });
    await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
    await inExplorer.waitFor({ timeout: 30_000 });
    await inExplorer.dblclick();
    await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor();
    await runCommand(page, 'Veo Studio: Generate Shot List');
    await dialog(page).waitFor({ timeout: 30_000 });
    await answerDialog(page, 'Generate');
    await waitForRow(page, `Shot list ${file}`, /1 running · 2 waiting/, 30_000);
    return file;
  }

  it('carries the run on after a reload, with Stop: Stop drops the waiting shots and sends nothing more', async () => {
    const { sim } = session();
    const before = sim.posts().length;
    const file = await startRun('stopped');
    assert.equal(sim.posts().length, before + 1, 'one shot on the service, two waiting');

    const page = await session().reload();
    const toast = await waitForNotification(page, /Shot list stopped\.veo\.json: carrying on with 2 waiting shots/, 60_000);
    await screenshot(page, 'carryon-stop-offered');
    await toast.locator('.monaco-button', { hasText: 'Stop' }).click();
    await waitForNotification(page, /Shot list stopped\.veo\.json: stopped; 2 waiting shot\(s\) were dropped and not sent/, 60_000);
    // The shot already on the service is followed to the end; the two that waited never go out.
    await waitForRow(page, 'stopped: shot 1 of the carried run', 'Saved', 60_000);
    await waitForRow(page, `Shot list ${file}`, /1\/3 saved · 2 not generated$/, 30_000);
    assert.equal(sim.posts().length, before + 1, 'Stop sent nothing more');
  });

  it('after a reload past the budget, sends nothing until Continue Anyway, then the waiting shots', async () => {
    const { sim } = session();
    const before = sim.posts().length;
    const file = await startRun('budget');
    // A per-video budget below every shot's estimate, set while the first shot runs.
    setUserSetting('veoStudio.budget.perJobUSD', 0.05);

    const page = await session().reload();
    const toast = await waitForNotification(page, /Shot list budget\.veo\.json: the 2 waiting shots would pass your budget, so they were not sent\./, 60_000);
    assert.match(await toast.innerText(), /per-video budget of \$0\.05/);
    await screenshot(page, 'carryon-over-budget');
    assert.equal(sim.posts().length, before + 1, 'nothing sent while the question waits');
    // Not modal: the window stays usable while the question waits.
    assert.equal(await dialog(page).count(), 0);

    await toast.locator('.monaco-button', { hasText: 'Continue Anyway' }).click();
    await waitForNotification(page, /Shot list budget\.veo\.json: carrying on with 2 waiting shots/, 30_000);
    await waitForRow(page, `Shot list ${file}`, /3\/3 saved$/, 4 * GENERATE_MS + 60_000);
    await until('three creates of the list', () => sim.posts().length === before + 3 || undefined, { timeoutMs: 10_000 });
    const prompts = sim.posts().slice(before).map((p) => (p.body as { prompt?: string }).prompt);
    assert.deepEqual(prompts, [1, 2, 3].map((n) => `budget: shot ${n} of the carried run`), 'each shot sent once, in order');
  });
});
