// Play Sequence as a person uses it in the real UI: a shot list with two saved shots (clips
// of 4 s and 7 s), one changed since its take and one never generated opens from the
// list's editor title in the sequence panel; the strip shows a tile per shot (posters and
// durations, the gaps with their state); the first clip plays into the second by itself;
// the arrow keys move between tiles with the focus visible and Enter jumps; the panel reads
// well and passes axe-core in dark, light and high-contrast themes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { answerDialog, dialog } from '../support/jobJourney';
import { FIXTURES, SCREENSHOTS } from '../support/paths';
import { useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { expectAccessible, focusRing, focusedElement } from '../support/webviewSteps';
import { runCommand, screenshot, setColorTheme, showJobsView, webview, type ThemeName } from '../support/workbench';

const T2V = 'google/veo-3.1-t2v-fast';
const LIST = {
  defaults: { model: T2V, options: { duration: 4, resolution: '720p' } },
  shots: [
    { prompt: 'Establishing shot: a lighthouse on a cliff at dawn, waves below, slow aerial push-in', output: 'shot-01' },
    { prompt: 'The keeper opens a weathered door, warm light spills out & gulls call "hello"', output: 'shot-02' },
    { prompt: 'The beam sweeps across a stormy sea as night falls', output: 'shot-03' },
  ],
};
const THEMES: ReadonlyArray<readonly [ThemeName, string]> = [
  ['Dark Modern', 'dark'],
  ['Light Modern', 'light'],
  ['Dark High Contrast', 'hc-dark'],
  ['Light High Contrast', 'hc-light'],
];

const tabOf = (page: Page, name: string | RegExp) => page.locator('.tabs-container .tab', { hasText: name });

/** No toast over the panel and no tooltip from where the mouse last was, for a screenshot. */
async function tidy(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.mouse.move(1100, 100);
  await page.waitForTimeout(500);
}

/** The player's state: which shot's tile is current, the clip it plays, whether it plays. */
function player(frame: FrameLocator) {
  return frame.locator('main.sequence').evaluate(() => {
    const v = document.querySelector('video');
    return {
      current: document.querySelector('button.tile.current')?.getAttribute('data-shot'),
      src: v?.currentSrc.split('/').pop() ?? '',
      t: v?.currentTime ?? 0,
      paused: v?.paused ?? true,
      ready: v?.readyState ?? 0,
    };
  });
}

describe('Play Sequence in the real UI', function () {
  const session = useUiSession('sequence', { apiKey: true, viewport: { width: 1440, height: 900 }, simulator: { videoFixture: 'colour-cuts.mp4', timing: () => ({ queueMs: 200, generateMs: 1200 }) } });
  let file: string;

  before(async () => {
    const { page, workspace } = session();
    file = path.join(workspace, 'storyboard.veo.json');
    fs.writeFileSync(file, JSON.stringify(LIST, null, 2) + '\n');
    await setColorTheme(page, 'Dark Modern');
  });

  it('plays the saved shots back to back above a strip of shots and gaps, opened from the list’s editor title', async () => {
    const { page, workspace } = session();
    await runCommand(page, 'View: Show Explorer');
    const inExplorer = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'storyboard.veo.json' });
    await inExplorer.waitFor({ timeout: 30_000 });
    await inExplorer.dblclick();
    await tabOf(page, 'storyboard.veo.json').waitFor();

    // Before anything is generated, from the palette on the active list: what to do.
    await runCommand(page, 'Veo Studio: Play Sequence');
    await tabOf(page, 'Sequence: storyboard').waitFor({ timeout: 20_000 });
    const empty = webview(page).locator('main.sequence .banner.empty');
    await empty.waitFor({ timeout: 30_000 });
    assert.match(await empty.innerText(), /No shot of this list has a saved video yet\. Run “Veo Studio: Generate Shot List” on storyboard\.veo\.json/);
    assert.equal(await webview(page).locator('button.tile.gap').count(), 3);
    await tidy(page);
    await screenshot(page, 'sequence-empty');
    await expectAccessible(page, 'the sequence panel, nothing generated (Dark Modern)');
    await tabOf(page, 'storyboard.veo.json').click();

    // Every shot generated, then the clips swapped for ones of known lengths, shot 3 changed
    // since its take (stale) and a fourth shot added (not generated).
    await runCommand(page, 'Veo Studio: Generate Shot List');
    await dialog(page).waitFor({ timeout: 20_000 });
    await answerDialog(page, 'Generate');
    const videos = path.join(workspace, 'videos');
    await until('three videos with their sidecars', () => ['shot-01', 'shot-02', 'shot-03'].every((n) => fs.existsSync(path.join(videos, `${n}.mp4`)) && fs.existsSync(path.join(videos, `${n}.json`))), { timeoutMs: 90_000 });
    fs.copyFileSync(path.join(FIXTURES, 'sequence', 'shot-4s-24fps.mp4'), path.join(videos, 'shot-01.mp4'));
    fs.copyFileSync(path.join(FIXTURES, 'sequence', 'ext-7s-24fps-faststart.mp4'), path.join(videos, 'shot-02.mp4'));
    const changed = { ...LIST, shots: [...LIST.shots.slice(0, 2), { ...LIST.shots[2]!, prompt: 'The beam sweeps across a calm sea as night falls' }, { prompt: 'Closing shot: the lighthouse under the stars', output: 'shot-04' }] };
    fs.writeFileSync(file, JSON.stringify(changed, null, 2) + '\n');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Closing shot' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');

    const button = page.locator('.editor-actions .action-item a[aria-label^="Play Sequence"]');
    await button.waitFor({ timeout: 10_000 });
    await page.locator('.title.tabs').screenshot({ path: path.join(SCREENSHOTS, 'sequence-editor-title.png') });
    await button.click();
    await tabOf(page, 'Sequence: storyboard').waitFor({ timeout: 20_000 });
    const frame = webview(page);
    await frame.locator('main.sequence .strip').waitFor({ timeout: 30_000 });
    await until('4 tiles', async () => ((await frame.locator('button.tile').count()) === 4 ? true : undefined), { timeoutMs: 20_000 });

    const tiles = await frame.locator('button.tile').evaluateAll((els) => els.map((el) => `${el.className} | ${el.textContent ?? ''}`));
    assert.deepEqual(
      tiles.map((t) => t.replace(/\s+current/, '')),
      [
        'tile clip | Shot 1: 14.0 sEstablishing shot: a lighthouse on a cliff at dawn, waves below, slow aerial pu…',
        'tile clip | Shot 2: 27.0 sThe keeper opens a weathered door, warm light spills out & gulls call "hello"',
        'tile gap | Shot 3: Changed since its take (prompt)3The beam sweeps across a calm sea as night falls',
        'tile gap | Shot 4: Not generated yet4Closing shot: the lighthouse under the stars',
      ],
    );
    assert.equal(await frame.locator('.summary').innerText(), '4 shots · 2 clips · 2 gaps · 11.0 s');
    // The page makes the posters it lacks from each clip's first frame.
    await until('a poster on both clips', async () => ((await frame.locator('button.tile.clip .thumb img').count()) === 2 ? true : undefined), { timeoutMs: 20_000 });
    await until('the first clip loaded', async () => ((await player(frame)).ready >= 2 ? true : undefined), { timeoutMs: 20_000 });
    const first = await player(frame);
    assert.deepEqual([first.current, first.src], ['0', 'shot-01.mp4']);

    // Near the end of the first clip, Play: it goes on into the second by itself.
    await frame.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 3.6));
    await frame.locator('button[data-control="play"]').click();
    const second = await until('the second clip to play after the first', async () => {
      const p = await player(frame);
      return p.current === '1' && p.src === 'shot-02.mp4' && !p.paused && p.t > 0.6 ? p : undefined;
    }, { timeoutMs: 20_000 });
    assert.ok(second.t < 7);
    assert.match(await frame.locator('.transport .time').innerText(), /^Clip 2 of 2 · 0:0[4-9] \/ 0:11$/);
    await frame.locator('button[data-control="play"]').click();
    await until('paused', async () => ((await player(frame)).paused ? true : undefined));
    await tidy(page);
    await screenshot(page, 'sequence-playing');
  });

  it('moves between tiles with the arrow keys, the focus visible; Enter jumps; a gap says what it is', async () => {
    const { page } = session();
    const frame = webview(page);
    await tidy(page);
    await frame.locator('button.tile.current').focus();
    assert.equal(await frame.locator('button.tile[tabindex="0"]').count(), 1, 'one Tab stop in the strip');
    await page.keyboard.press('ArrowLeft');
    assert.match(await focusedElement(frame), /^button Shot 1:/);
    const ring = await focusRing(frame);
    assert.ok(ring?.visible, JSON.stringify(ring));
    await page.keyboard.press('Enter');
    await until('shot 1 current', async () => ((await player(frame)).current === '0' ? true : undefined));
    await page.keyboard.press('End');
    assert.match(await focusedElement(frame), /^button Shot 4:/);
    await page.keyboard.press('ArrowLeft');
    assert.match(await focusedElement(frame), /^button Shot 3:/);
    await page.keyboard.press(' ');
    await frame.locator('#announce', { hasText: 'Shot 3: Changed since its take (prompt)' }).waitFor({ timeout: 5_000 });
    assert.equal((await player(frame)).current, '0', 'a gap is not played');
    await page.waitForTimeout(300);
    await frame.locator('nav.timeline').screenshot({ path: path.join(SCREENSHOTS, 'sequence-strip-focus.png') });
  });

  it('reads well and passes axe-core in dark, light and high-contrast themes', async () => {
    const { page } = session();
    const frame = webview(page);
    const problems: string[] = [];
    for (const [theme, name] of THEMES) {
      await setColorTheme(page, theme);
      await frame.locator('main.sequence').waitFor();
      await tidy(page);
      await screenshot(page, `sequence-${name}`);
      await expectAccessible(page, `the sequence panel (${theme})`).catch((e: unknown) => problems.push(String(e)));
    }
    assert.deepEqual(problems, []);
    await setColorTheme(page, 'Dark Modern');
  });

  it('is on the shot list’s row in the Jobs view too', async () => {
    const { page } = session();
    await showJobsView(page);
    const row = page.locator('.sidebar .monaco-list-row', { hasText: 'storyboard.veo.json' }).first();
    await row.waitFor({ timeout: 15_000 });
    await tabOf(page, 'storyboard.veo.json').click();
    await row.hover();
    const action = row.locator('.actions a[aria-label^="Play Sequence"]');
    await action.waitFor({ timeout: 10_000 });
    await page.locator('.sidebar').screenshot({ path: path.join(SCREENSHOTS, 'sequence-tree-row.png') });
    await action.click();
    await until('the sequence tab active', async () => ((await page.locator('.tabs-container .tab.active', { hasText: 'Sequence: storyboard' }).count()) ? true : undefined), { timeoutMs: 15_000 });
    await webview(page).locator('main.sequence button.tile').first().waitFor({ timeout: 20_000 });
  });

  it('comes back after a window reload, on the same list', async () => {
    const reloaded = await session().reload();
    await tabOf(reloaded, 'Sequence: storyboard').click({ timeout: 30_000 });
    const frame = webview(reloaded);
    await until('4 tiles again', async () => ((await frame.locator('button.tile').count()) === 4 ? true : undefined), { timeoutMs: 30_000 });
    assert.equal(await frame.locator('.summary').innerText(), '4 shots · 2 clips · 2 gaps · 11.0 s');
  });
});
