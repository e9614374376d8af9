// Money as a person meets it: a monthly budget in their user settings, a shot list whose
// estimate would pass it (one question, showing the estimate, what was spent and the
// balance; nothing sent when they decline), a video they send anyway from the palette (the
// quick pick shows the estimate's basis; the budget asks), and the Spending view with what
// it cost.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerDialog, answerQuickPick, dialog, waitForRow, waitForTitle } from '../support/jobJourney';
import { useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { answerInput, runCommand, screenshot, showJobsView } from '../support/workbench';

const LIST = {
  defaults: { model: 'google/veo-3.1-t2v-fast', options: { resolution: '720p', duration: 8 } },
  shots: [
    { prompt: 'Budget shot one: a lighthouse at dawn', output: 'budget-one' },
    { prompt: 'Budget shot two: the keeper opens the door', output: 'budget-two' },
    { prompt: 'Budget shot three: gulls over the cliff', output: 'budget-three' },
  ],
};

describe('money in the real UI', function () {
  const session = useUiSession('money', { apiKey: true, settings: { 'veoStudio.budget.monthlyUSD': 1 } });

  before(async function () {
    fs.writeFileSync(path.join(session().workspace, 'budget.veo.json'), JSON.stringify(LIST, null, 2) + '\n');
  });

  it('a shot list over the monthly budget asks once, with the estimate, the budget and the balance; declining sends nothing', async () => {
    const { page, sim } = session();
    const inExplorer = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'budget.veo.json' });
    await inExplorer.waitFor({ timeout: 30_000 });
    await inExplorer.dblclick();
    await page.locator('.tabs-container .tab', { hasText: 'budget.veo.json' }).waitFor();
    await runCommand(page, 'Veo Studio: Generate Shot List');
    await dialog(page).waitFor({ timeout: 30_000 });
    const text = (await dialog(page).innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Generate 3 videos for about \$\d+\.\d\d\? This would pass your budget\./);
    assert.match(text, /over your monthly budget of \$1\.00/);
    assert.match(text, /Balance: \$\d+\.\d\d/);
    assert.match(text, /8 s × \$/, 'each shot line shows its clip');
    await screenshot(page, 'money-budget-prompt');
    await answerDialog(page, 'Cancel');
    await dialog(page).waitFor({ state: 'detached' });
    assert.equal(sim.posts().length, 0, 'nothing was sent');
  });

  it('the palette shows the estimate and its basis, asks about the budget, and the Spending view shows what the video cost', async () => {
    const { page, sim } = session();
    sim.nextJob({ queueMs: 300, generateMs: 1500 });
    const prompt = 'Money journey: a paper boat in the rain';
    await runCommand(page, 'Veo Studio: Generate Video…');
    await waitForTitle(page, 'Veo Studio: choose a model');
    await answerQuickPick(page, 'google/veo-3.1-t2v-fast', /Veo 3\.1 Fast/);
    await waitForTitle(page, /^Veo Studio: prompt for/);
    await answerInput(page, prompt);
    await waitForTitle(page, /^Veo Studio: Veo 3\.1 Fast/);
    // The estimate arrives while the person reads: "About $X (8 s × $Y/s · 1080p · with audio)".
    const go = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Generate' }).first();
    await until('the estimate and its basis in the Generate row', async () => /About \$\d+\.\d\d \(8 s × \$[\d.]+\/s/.test((await go.innerText()).replace(/\s+/g, ' ')), { timeoutMs: 15_000 });
    await screenshot(page, 'money-quick-pick-estimate');
    await answerQuickPick(page, '', 'Generate');
    await dialog(page).waitFor({ timeout: 30_000 });
    assert.match((await dialog(page).innerText()).replace(/\s+/g, ' '), /would pass your budget/);
    await answerDialog(page, 'Generate Anyway');
    await showJobsView(page);
    await waitForRow(page, prompt, 'Saved', 60_000);
    assert.equal(sim.posts().length, 1);

    await runCommand(page, 'Veo Studio: Show Spending');
    const spending = page.locator('.pane-body .monaco-list-row');
    // The month comes from the jobs at once; the account's rows once the service answered.
    await until('the Spending view with the month against the budget, and the account', async () => {
      const shown = await spending.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
      return shown.some((l) => /This month: \$\d+\.\d\d of \$1\.00 budget/.test(l)) && shown.some((l) => /^Balance: /.test(l));
    }, { timeoutMs: 20_000 });
    const labels = await spending.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    assert.ok(labels.some((l) => /^Today: \$\d+\.\d\d · 1 video/.test(l)), labels.join(' | '));
    assert.ok(labels.some((l) => /^Balance: \$\d+\.\d\d/.test(l)), labels.join(' | '));
    assert.ok(labels.some((l) => /^Account, last 30 days: \$\d+\.\d\d/.test(l)), labels.join(' | '));
    await screenshot(page, 'money-spending-view');
  });
});
