// One person at one VS Code window: a simulator standing in for the AI/ML API, code-server
// with the packaged .vsix installed, and Chromium showing the workbench.
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type SimulatorOptions, type VeoSimulator } from '../simulator/simulator';
import { launchBrowser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { VSIX } from './paths';
import { openWorkbench, waitForVeoStudio } from './workbench';
import { makeWorkspace } from './workspace';

export const UI_KEY = 'sim-ui-key';

export interface UiSession {
  readonly sim: VeoSimulator;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly workspace: string;
  /** Opens the same workspace in a fresh page (a window reload as VS Code does it). */
  reload(): Promise<Page>;
  stop(): Promise<void>;
}

export interface UiSessionOptions {
  readonly simulator?: SimulatorOptions;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly viewport?: { width: number; height: number };
}

export async function startUiSession(options: UiSessionOptions = {}): Promise<UiSession> {
  const sim = await startSimulator({ apiKeys: [UI_KEY], timing: () => ({ queueMs: 300, generateMs: 2000 }), ...options.simulator });
  const workspace = makeWorkspace('ui-ws');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({
      workspace,
      install: [VSIX],
      settings: { 'veoStudio.apiBaseUrl': sim.apiUrl, ...options.settings },
    });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url, workspace, { viewport: options.viewport });
    await waitForVeoStudio(page);
    const s = server;
    const b = browser;
    return {
      sim,
      server: s,
      browser: b,
      page,
      workspace,
      async reload() {
        await page.reload();
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await waitForVeoStudio(page);
        return page;
      },
      async stop() {
        await b.close().catch(() => undefined);
        await s.stop();
        await sim.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await sim.close();
    throw error;
  }
}
