// A shot list leaving Veo Studio, as a person does it in the real UI: from the palette,
// "Export Sequence for Editors…" asks which format, each with who reads it, and says what it
// wrote; "Render Sequence to MP4" shows its progress (ffmpeg's own count) with Cancel, then
// offers Play and Reveal. The shots are generated against the simulator; their videos are then
// replaced with bigger clips made by ffmpeg, so the render lasts long enough to be seen.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { answerDialog, dialog } from '../support/jobJourney';
import { tempDir } from '../support/paths';
import { makeClip } from '../support/sequenceClips';
import { useUiSession } from '../support/uiSession';
import { until } from '../support/until';
import { pickQuickItem, runCommand, screenshot, setColorTheme, waitForNotification } from '../support/workbench';

const LIST = {
  defaults: { model: 'google/veo-3.1-t2v-fast', options: { duration: 4, resolution: '720p' } },
  shots: [
    { prompt: 'Opening: the harbour at dawn', output: 'harbour' },
    { prompt: 'The ferry leaves the pier', output: 'ferry' },
    { prompt: 'Gulls follow the wake', output: 'gulls' },
  ],
};

async function openList(page: Page): Promise<void> {
  const inExplorer = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'final-cut.veo.json' });
  await runCommand(page, 'View: Show Explorer');
  await inExplorer.waitFor({ timeout: 30_000 });
  await inExplorer.dblclick();
  await page.locator('.tabs-container .tab', { hasText: 'final-cut.veo.json' }).waitFor();
}

/** Waits until a toast has faded in (a screenshot taken earlier shows it half transparent). */
async function shownFully(toast: Locator): Promise<void> {
  await until('the notification fully shown', () =>
    toast.evaluate((el) => {
      for (let e: Element | null = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) return false;
      return true;
    }),
  );
}

describe('exports and render of a sequence in the real UI', function () {
  const session = useUiSession('sequence', { apiKey: true, simulator: { timing: () => ({ queueMs: 200, generateMs: 1000 }) } });
  let videos: string;

  before(async () => {
    const { page, workspace } = session();
    fs.writeFileSync(path.join(workspace, 'final-cut.veo.json'), JSON.stringify(LIST, null, 2) + '\n');
    videos = path.join(workspace, 'videos');
    await setColorTheme(page, 'Dark Modern');
    await openList(page);
    await runCommand(page, 'Veo Studio: Generate Shot List');
    await dialog(page).waitFor({ timeout: 20_000 });
    await answerDialog(page, 'Generate');
    await until('the three takes saved', () => LIST.shots.every((s) => fs.existsSync(path.join(videos, `${s.output}.json`))), { timeoutMs: 90_000 });
    // The batch's one notification comes once the last is recorded: cleared with the rest.
    await waitForNotification(page, '3 videos saved', 30_000);
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  it('the export picker says who reads each format; the export says what it wrote', async () => {
    const { page, workspace } = session();
    await runCommand(page, 'Notifications: Clear All Notifications');
    // The editor title keeps one button (Generate); the sequence's commands are in its "…" menu.
    await page.locator('.editor-actions .action-label[aria-label="More Actions..."]').first().click();
    const menu = page.locator('.monaco-menu .action-label', { hasText: 'Export Sequence for Editors…' });
    await menu.waitFor({ timeout: 10_000 });
    await page.locator('.monaco-menu .action-label', { hasText: 'Render Sequence to MP4' }).waitFor();
    await screenshot(page, 'sequence-editor-title-menu');
    await page.keyboard.press('Escape');
    await runCommand(page, 'Veo Studio: Export Sequence for Editors…');
    for (const text of ['OpenTimelineIO (.otio)', 'EDL – CMX 3600 (.edl)', 'FCPXML 1.10 (.fcpxml)']) await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).waitFor({ timeout: 15_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Premiere Pro through its OTIO plugin' }).waitFor();
    await screenshot(page, 'sequence-export-picker');
    await pickQuickItem(page, 'FCPXML 1.10');
    const toast = await waitForNotification(page, 'Exported final-cut.fcpxml (3 shots).');
    await toast.locator('.monaco-button', { hasText: 'Reveal' }).waitFor();
    await shownFully(toast);
    assert.match(fs.readFileSync(path.join(workspace, 'final-cut.fcpxml'), 'utf8'), /<fcpxml version="1\.10">/);
    await screenshot(page, 'sequence-exported');
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  it('asks before replacing an export: Cancel keeps the file, Replace writes it again', async () => {
    const { page, workspace } = session();
    const file = path.join(workspace, 'final-cut.fcpxml');
    fs.writeFileSync(file, 'the editor’s own copy\n');
    const exportFcpxml = async () => {
      await runCommand(page, 'Veo Studio: Export Sequence for Editors…');
      await pickQuickItem(page, 'FCPXML 1.10');
      await dialog(page).waitFor({ timeout: 15_000 });
    };
    await exportFcpxml();
    assert.match(await dialog(page).innerText(), /final-cut\.fcpxml already exists\. Replace it\?[\s\S]*final-cut\.fcpxml will be replaced by a new export of final-cut\.veo\.json; what it holds now is lost\./);
    await screenshot(page, 'sequence-export-replace');
    await answerDialog(page, 'Cancel');
    await dialog(page).waitFor({ state: 'hidden' });
    assert.equal(fs.readFileSync(file, 'utf8'), 'the editor’s own copy\n');
    await exportFcpxml();
    await answerDialog(page, 'Replace');
    await waitForNotification(page, 'Exported final-cut.fcpxml (3 shots).');
    assert.match(fs.readFileSync(file, 'utf8'), /<fcpxml version="1\.10">/);
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  it('the render stream-copies matching clips, shows its progress with Cancel when it re-encodes, then offers Play and Reveal', async () => {
    const { page } = session();
    const clips = tempDir('ui-sequence-clips');
    // Veo-sized clips: 8 s at 1280×720 (one also at 960×540, to make the render re-encode).
    await Promise.all([
      ...LIST.shots.map((s) => makeClip(clips, `${s.output}.mp4`, { seconds: 8, width: 1280, height: 720, busy: true })),
      makeClip(clips, 'smaller.mp4', { seconds: 8, width: 960, height: 540, busy: true }),
    ]);
    for (const s of LIST.shots) fs.copyFileSync(path.join(clips, `${s.output}.mp4`), path.join(videos, `${s.output}.mp4`));

    await runCommand(page, 'Veo Studio: Render Sequence to MP4');
    await waitForNotification(page, /Rendered final-cut\.mp4: 3 shots, 24\.0 s, by stream copy in [\d.]+ s\./, 60_000);
    const copied = JSON.parse(fs.readFileSync(path.join(videos, 'final-cut.json'), 'utf8')) as { mode: string; renderSeconds: number };
    assert.equal(copied.mode, 'copy');
    console.log(`      stream copy of 3 clips (24 s of film at 1280×720) took ${copied.renderSeconds} s`);
    await runCommand(page, 'Notifications: Clear All Notifications');

    fs.copyFileSync(path.join(clips, 'smaller.mp4'), path.join(videos, 'gulls.mp4'));
    await runCommand(page, 'Veo Studio: Render Sequence to MP4');
    const progress = await waitForNotification(page, /Rendering final-cut \(3 shots, re-encoding to 1280×720\)/);
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).waitFor();
    await progress.filter({ hasText: /[1-9]\d%/ }).waitFor({ timeout: 60_000 });
    await shownFully(progress);
    await screenshot(page, 'sequence-render-progress');
    const done = await waitForNotification(page, /Rendered final-cut-2\.mp4: 3 shots, 24\.0 s, by re-encoding to 1280×720 in [\d.]+ s\./, 180_000);
    await done.locator('.monaco-button', { hasText: 'Play' }).waitFor();
    await shownFully(done);
    await screenshot(page, 'sequence-rendered');
    const encoded = JSON.parse(fs.readFileSync(path.join(videos, 'final-cut-2.json'), 'utf8')) as { mode: string; renderSeconds: number };
    assert.equal(encoded.mode, 're-encode');
    console.log(`      re-encode of 3 clips (24 s of film at 1280×720) took ${encoded.renderSeconds} s`);
  });
});
