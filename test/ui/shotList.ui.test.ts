// A shot list as a person runs it: open a `*.veo.json` (the editor completes models from the
// contributed schema), "Generate Shot List" from the palette, one modal confirmation with
// the estimated cost, at most two jobs on the service at once, all three videos saved, the
// Jobs tree grouping them under the list; then "Save as Shot" from a job's context menu.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerDialog, contextMenu, dialog, jobRow, waitForRow } from '../support/jobJourney';
import { useUiSession } from '../support/uiSession';
import { answerInput, runCommand, screenshot } from '../support/workbench';

const LIST = {
  defaults: { options: { resolution: '720p', duration: 4 } },
  shots: [
    { prompt: 'Opening shot: the frame comes alive', model: 'google/veo-3.1-i2v', images: ['images/frame-720p.png'], output: 'opening' },
    { prompt: 'Middle shot: waves on an empty beach', model: 'google/veo-3.1-t2v-fast', output: 'middle' },
    { prompt: 'Closing shot: colour bars dissolve', model: 'google/veo-3.1-i2v-fast', images: ['images/bars-720p.jpg'], output: 'closing' },
  ],
};

describe('shot lists in the real UI', function () {
  const session = useUiSession('shotlist', { apiKey: true, settings: { 'veoStudio.maxConcurrentJobs': 2 } });

  before(async function () {
    fs.writeFileSync(path.join(session().workspace, 'storyboard.veo.json'), JSON.stringify(LIST, null, 2) + '\n');
  });

  it('generates a 3-shot list from the palette after one confirmation; the tree groups the jobs; all three videos land', async () => {
    const { page, sim } = session();
    for (let i = 0; i < 3; i++) sim.nextJob({ queueMs: 1000, generateMs: 5000 });

    // Open the list; the schema contributed for *.veo.json offers the catalog's models.
    const inExplorer = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'storyboard.veo.json' });
    await inExplorer.waitFor({ timeout: 30_000 });
    await inExplorer.dblclick();
    await page.locator('.tabs-container .tab', { hasText: 'storyboard.veo.json' }).waitFor();
    const text = JSON.stringify(LIST, null, 2).split('\n');
    const line = text.findIndex((l) => l.includes('"model": "google/veo-3.1-t2v-fast"'));
    await runCommand(page, 'Go to Line/Column...');
    await answerInput(page, `:${line + 1}:${text[line]!.indexOf('google/veo-3.1-t2v-fast') + 4}`);
    // The JSON language server may still be loading the schema (until then it offers only
    // the values it sees in the file): ask again until the catalog's models are offered.
    const suggestions = page.locator('.editor-widget.suggest-widget.visible');
    const fromCatalog = suggestions.locator('.monaco-list-row', { hasText: 'google/veo-3.1-reference-to-video' }).first();
    for (let i = 0; i < 15 && !(await fromCatalog.isVisible()); i++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      await fromCatalog.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    await fromCatalog.waitFor({ timeout: 2_000 });
    // Ctrl+Space again opens the details: the model's description from the catalog.
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-details', { hasText: /Veo 3\.1/ }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    await screenshot(page, 'shotlist-completion');
    await page.keyboard.press('Escape');
    assert.ok(await page.locator('.editor-actions [aria-label*="Generate Shot List"]').first().isVisible(), 'the editor title offers Generate Shot List');

    await runCommand(page, 'Veo Studio: Generate Shot List');
    await dialog(page).waitFor({ timeout: 30_000 });
    const question = await dialog(page).innerText();
    assert.match(question, /Generate 3 videos for about \$\d+\.\d\d\?/);
    assert.match(question, /At most 2 run on the service at once/);
    await screenshot(page, 'shotlist-confirm');
    assert.equal(sim.posts().length, 0, 'nothing is sent before the answer');
    await answerDialog(page, 'Generate');

    // The command brings the Jobs view forward itself.
    const group = await waitForRow(page, 'Shot list storyboard.veo.json', /1 waiting/, 20_000);
    await waitForRow(page, LIST.shots[2]!.prompt, 'Waiting for a free slot', 5_000);
    await screenshot(page, 'shotlist-running');
    assert.match((await group.getAttribute('aria-label')) ?? '', /0\/3 saved · 2 running · 1 waiting/);

    await waitForRow(page, 'Shot list storyboard.veo.json', /3\/3 saved/, 90_000);
    for (const shot of LIST.shots) await waitForRow(page, shot.prompt, 'Saved');
    await screenshot(page, 'shotlist-saved');

    const videos = path.join(session().workspace, 'videos');
    for (const name of ['opening', 'middle', 'closing']) {
      assert.ok(fs.existsSync(path.join(videos, `${name}.mp4`)), `${name}.mp4`);
      assert.ok(fs.existsSync(path.join(videos, `${name}.json`)), `${name}.json`);
    }
    const posts = sim.posts();
    assert.equal(posts.length, 3);
    assert.equal((posts[2]!.body as { prompt?: string }).prompt, LIST.shots[2]!.prompt, 'the third went out last, once a slot was free');
  });

  it("counts every shot of the list on its row: one edited since its take is stale, one added is not generated", async () => {
    const { page, sim } = session();
    const file = path.join(session().workspace, 'storyboard.veo.json');
    const edited = {
      ...LIST,
      shots: [{ ...LIST.shots[0]!, prompt: 'Opening shot: the frame comes alive, slowly' }, LIST.shots[1]!, LIST.shots[2]!, { prompt: 'A fourth shot: the tide goes out', model: 'google/veo-3.1-t2v-fast', output: 'fourth' }],
    };
    fs.writeFileSync(file, JSON.stringify(edited, null, 2) + '\n');
    // Before, the row counted only the shots with jobs: "3/3 saved".
    await waitForRow(page, 'Shot list storyboard.veo.json', /: 2\/4 saved · 1 stale · 1 not generated$/, 30_000);
    await screenshot(page, 'shotlist-row-counts');
    // Put back as it was: the next tests use the list of three.
    fs.writeFileSync(file, JSON.stringify(LIST, null, 2) + '\n');
    await waitForRow(page, 'Shot list storyboard.veo.json', /3\/3 saved$/, 30_000);
    assert.equal(sim.posts().length, 3, 'counting sends nothing');
  });

  it('saves a finished job as a one-shot list from its context menu, and opens it', async () => {
    const { page } = session();
    await contextMenu(page, jobRow(page, LIST.shots[1]!.prompt).first(), 'Save as Shot');
    await page.locator('.tabs-container .tab', { hasText: 'middle.veo.json' }).waitFor({ timeout: 15_000 });
    const saved = JSON.parse(fs.readFileSync(path.join(session().workspace, 'videos', 'middle.veo.json'), 'utf8')) as { shots: Array<Record<string, unknown>> };
    assert.deepEqual(saved.shots[0]?.['prompt'], LIST.shots[1]!.prompt);
    assert.deepEqual(saved.shots[0]?.['output'], 'middle');
    await screenshot(page, 'shotlist-save-as-shot');
  });

  it('offers Save as Shot in the Explorer only on sidecars, and Generate Shot List on shot lists', async () => {
    const { page } = session();
    await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
    const row = (name: string) => page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }).first();
    const menuItems = async (name: string): Promise<string[]> => {
      await row(name).click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu');
      await menu.waitFor();
      const items = await menu.locator('.action-item .action-label').allInnerTexts();
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' }).catch(() => undefined);
      return items;
    };
    if (!(await row('closing.json').isVisible())) await row('videos').click();
    await row('closing.json').waitFor();
    assert.ok((await menuItems('storyboard.veo.json')).includes('Generate Shot List'));
    assert.ok(!(await menuItems('README.md')).includes('Save as Shot'));
    assert.ok(!(await menuItems('middle.veo.json')).includes('Save as Shot'), 'a shot list is not a sidecar');
    await contextMenu(page, row('closing.json'), 'Save as Shot');
    await page.locator('.tabs-container .tab', { hasText: 'closing.veo.json' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'shotlist-explorer-save-as-shot');
  });
});
