// Continuity as a person works it in the real UI: a clip plays in the preview, Last Frame
// saves its last frame (a green PNG of the clip's size, shown in the strip), Continue from
// Last Frame opens the generator with that frame as the start image, and the continuation
// lands under its source in the tree. Then the two clips side by side in the compare panel,
// playing, pausing and stepping in sync, checked by axe-core in every theme — and the Jobs
// view with a poster for each saved video, in light, dark and high-contrast themes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { generateThroughUi, waitForTitle } from '../support/jobJourney';
import { SCREENSHOTS } from '../support/paths';
import { near, readPng } from '../support/png';
import { useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { expectAccessible, waitForPreview } from '../support/webviewSteps';
import { answerInput, pickQuickItem, runCommand, screenshot, setColorTheme, showJobsView, webview, type ThemeName } from '../support/workbench';

const KITE = 'A kite climbs into a clear sky';
const THEMES: ReadonlyArray<readonly [ThemeName, string]> = [
  ['Dark Modern', 'dark'],
  ['Light Modern', 'light'],
  ['Dark High Contrast', 'hc-dark'],
  ['Light High Contrast', 'hc-light'],
];

/** "Generate Video…" with Veo 3.1 Fast text to video and the defaults. */
async function generateText(page: Page, prompt: string): Promise<void> {
  await runCommand(page, 'Veo Studio: Generate Video…');
  await pickQuickItem(page, 'Veo 3.1 Fast — text to video');
  await waitForTitle(page, /^Veo Studio: prompt for/);
  await answerInput(page, prompt);
  await waitForTitle(page, 'Veo Studio: Veo 3.1 Fast — text to video');
  await pickQuickItem(page, 'Generate');
}

const row = (page: Page, prompt: string) => page.locator(`.sidebar .monaco-list-row[aria-label^="${prompt}"]`).first();

async function saved(page: Page, prompt: string): Promise<void> {
  await row(page, prompt).and(page.locator('[aria-label*=". Saved"]')).waitFor({ timeout: 60_000 });
}

/** Both videos of the compare panel: time and whether paused. */
function players(frame: FrameLocator) {
  return frame.locator('.players').evaluate(() => [...document.querySelectorAll('video')].map((v) => ({ t: v.currentTime, paused: v.paused, ready: v.readyState })));
}

describe('continuity in the real UI: frames, continuing, comparing, posters', function () {
  const session = useUiSession('continuity', { apiKey: true, simulator: { videoFixture: 'colour-cuts.mp4', timing: () => ({ queueMs: 200, generateMs: 1500 }) } });

  before(async () => {
    await setColorTheme(session().page, 'Dark Modern');
    await showJobsView(session().page);
  });

  it('saves the last frame from the preview (a green PNG of the clip’s size, in the strip) and continues from it in the generator', async () => {
    const { page, sim, workspace } = session();
    await generateText(page, KITE);
    await saved(page, KITE);
    await row(page, KITE).click();
    const preview = await waitForPreview(page);
    await preview.locator('video').waitFor();
    await preview.locator('.frame-tools button[data-frame="save-last"]').click();
    await preview.locator('.strip li').first().waitFor({ timeout: 20_000 });
    const frames = path.join(workspace, 'videos', 'frames');
    const [name] = fs.readdirSync(frames);
    assert.equal(name, 'a-kite-climbs-into-a-clear-sky@00-01.958.png');
    const png = readPng(fs.readFileSync(path.join(frames, name!)));
    assert.deepEqual([png.width, png.height], [320, 180]);
    assert.ok(near(png.at(160, 90), [0, 255, 0]), `the last frame is green: ${png.at(160, 90).join(',')}`);
    assert.equal(await preview.locator('.strip li').count(), 1);
    await preview.locator('.strip li span', { hasText: '00:01.958' }).waitFor();
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.waitForTimeout(400);
    await screenshot(page, 'continuity-preview-frames');
    await preview.locator('.frames').screenshot({ path: path.join(SCREENSHOTS, 'continuity-preview-frames-tools.png') });
    await expectAccessible(page, 'the preview with its frames (Dark Modern)');

    await preview.locator('.frame-tools button[data-frame="continue-last"]').click();
    const generator = webview(page);
    const slot = generator.locator('#slot-image_url');
    await slot.locator('.media-name', { hasText: '@00-01.958' }).waitFor({ timeout: 30_000 });
    assert.equal(await generator.locator('#model').inputValue(), 'google/veo-3.1-i2v-fast', 'the same family, on image to video');
    assert.equal(await generator.locator('#prompt').inputValue(), KITE);
    await generator.locator('#prompt').fill('The kite dips towards the green hills');
    await generator.locator('#estimate', { hasText: /About \$/ }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300);
    await screenshot(page, 'continuity-continue-generator');
    await generator.locator('#submit').click();
    const post = await until('the continuation to reach the service', () => sim.posts().find((p) => (p.body as { prompt?: string }).prompt === 'The kite dips towards the green hills'), { timeoutMs: 30_000 });
    const sent = (post.body as { image_url?: string }).image_url;
    const pngs = fs.readdirSync(frames).filter((f) => f.endsWith('.png'));
    assert.ok(pngs.some((f) => sent === `data:image/png;base64,${fs.readFileSync(path.join(frames, f)).toString('base64')}`), `the frame saved is what was sent (${pngs.join(', ')})`);
    await showJobsView(page);
    await saved(page, 'The kite dips');
    // Under its source, like an extension.
    const level = (prompt: string) => row(page, prompt).getAttribute('aria-level');
    assert.equal(Number(await level('The kite dips')), Number(await level(KITE)) + 1);
    await screenshot(page, 'continuity-tree-continuation');
  });

  it('compares the clip and its continuation side by side: they play, pause and step in sync; axe-core passes in every theme', async () => {
    const { page } = session();
    await runCommand(page, 'Veo Studio: Compare Videos…');
    await pickQuickItem(page, KITE);
    await waitForTitle(page, /with which video/);
    await pickQuickItem(page, 'The kite dips');
    const frame = webview(page);
    await frame.locator('main.compare .transport').waitFor({ timeout: 30_000 });
    await until('both videos to load', async () => (await players(frame)).every((p) => p.ready >= 2), { timeoutMs: 20_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await frame.locator('button[data-control="play"]').click();
    await until('both to play', async () => (await players(frame)).every((p) => !p.paused && p.t > 0.4), { timeoutMs: 15_000 });
    const [a, b] = await players(frame);
    assert.ok(Math.abs(a!.t - b!.t) < 0.1, `in sync while playing: ${a!.t} vs ${b!.t}`);
    await screenshot(page, 'compare-playing');
    await frame.locator('button[data-control="play"]').click();
    await until('both to pause', async () => (await players(frame)).every((p) => p.paused));
    const paused = await players(frame);
    assert.ok(Math.abs(paused[0]!.t - paused[1]!.t) < 0.05, JSON.stringify(paused));
    await frame.locator('button[data-control="forward"]').click();
    const stepped = await until('a frame on', async () => {
      const now = await players(frame);
      // Both a frame on from where the leader (the left: they are as long) stood.
      return now.every((p) => Math.abs(p.t - paused[0]!.t - 1 / 24) < 0.01) ? now : undefined;
    });
    assert.ok(stepped.every((p) => p.paused));
    const rows = await frame.locator('.facts tbody tr.differs th').allInnerTexts();
    assert.ok(rows.some((r) => r.startsWith('Model')), `the model differs: ${rows.join(' | ')}`);
    assert.ok((await frame.locator('.prompt.right ins').count()) > 0, 'the new words are marked');

    const problems: string[] = [];
    for (const [theme, name] of THEMES) {
      await setColorTheme(page, theme);
      await frame.locator('main.compare').waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, `compare-${name}`);
      await expectAccessible(page, `the compare panel (${theme})`).catch((e: unknown) => problems.push(String(e)));
    }
    assert.deepEqual(problems, []);
  });

  it('shows a poster for each saved video in the Jobs view, in light, dark and high-contrast themes', async () => {
    const { page, sim } = session();
    // An image-to-video job: its start image is its poster, with nothing to decode.
    await generateThroughUi(page, sim, 'A lighthouse stands on the cliff');
    await showJobsView(page);
    await saved(page, 'A lighthouse stands');
    // The preview and the compare panel made first-frame posters; the continuation shows its start frame.
    const icon = (prompt: string) => row(page, prompt).locator('.custom-view-tree-node-item-icon');
    for (const prompt of [KITE, 'The kite dips', 'A lighthouse stands']) {
      await until(`a poster on "${prompt}"`, async () => ((await icon(prompt).evaluate((el) => getComputedStyle(el).backgroundImage).catch(() => 'none')) !== 'none' ? true : undefined), { timeoutMs: 20_000 });
    }
    for (const [theme, name] of THEMES) {
      await setColorTheme(page, theme);
      await page.waitForTimeout(400);
      await page.locator('.sidebar').screenshot({ path: path.join(SCREENSHOTS, `tree-posters-${name}.png`) });
    }
    await setColorTheme(page, 'Dark Modern');
  });
});
