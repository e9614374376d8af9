// `npm start` as a newcomer meets it: the sandbox comes up, the demo key is already set,
// and a video can be generated end to end through the real UI.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { freePort } from '../support/codeServer';
import { waitForTitle } from '../support/jobJourney';
import { PROJECT_ROOT, tempDir } from '../support/paths';
import { screenshotOnFailure } from '../support/uiSession';
import { answerInput, pickQuickItem, runCommand, screenshot, showJobsView, waitForNotification } from '../support/workbench';

describe('npm start: the sandbox', function () {
  let child: ChildProcess;
  let browser: Browser;
  let page: Page;
  let workspace: string;
  let url: string;

  before(async function () {
    const dir = tempDir('sandbox');
    const port = await freePort();
    // The same script npm start runs (after it has built and packaged).
    child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'out', 'test', 'sandbox', 'start.js'), '--port', String(port), '--generate-seconds', '2', '--dir', dir], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the sandbox printed no URL in 120 s:\n${output}`)), 120_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /VS Code:\s+(\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}):\n${output}`)));
    });
    workspace = path.join(dir, 'workspace');
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  screenshotOnFailure('sandbox', () => page);

  after(async function () {
    await browser?.close().catch(() => undefined);
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // gone already
      }
    }
  });

  it('prints a loopback URL and opens a workspace with sample images', () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?folder=/);
    assert.ok(fs.existsSync(path.join(workspace, 'images', 'frame-720p.png')));
  });

  it('generates a video end to end with the demo key, no setup needed', async () => {
    await showJobsView(page);
    // The welcome switches from "Set API Key" to "Generate a Video" once the demo key is in.
    await page.getByRole('button', { name: 'Generate a Video' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'sandbox-welcome');
    await runCommand(page, 'Veo Studio: Generate Video…');
    await pickQuickItem(page, 'Veo 3.1 Fast — text to video');
    await waitForTitle(page, /^Veo Studio: prompt for/);
    await answerInput(page, 'A paper boat drifts down a rainy street at dusk');
    await waitForTitle(page, 'Veo Studio: Veo 3.1 Fast — text to video');
    await pickQuickItem(page, 'Generate');
    const toast = await waitForNotification(page, /Video saved/, 90_000);
    await screenshot(page, 'sandbox-video-saved');
    assert.match(await toast.innerText(), /a-paper-boat-drifts-down-a-rainy-street-at-dusk\.mp4/);
    const videos = fs.readdirSync(path.join(workspace, 'videos'));
    assert.ok(videos.includes('a-paper-boat-drifts-down-a-rainy-street-at-dusk.mp4'), videos.join(', '));
    assert.ok(videos.includes('a-paper-boat-drifts-down-a-rainy-street-at-dusk.json'));
  });
});
