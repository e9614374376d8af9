// One person at one VS Code window: a simulator standing in for the AI/ML API, code-server
// with the packaged .vsix installed, and Chromium showing the workbench.
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type SimulatorOptions, type VeoSimulator } from '../simulator/simulator';
import { launchBrowser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { VSIX } from './paths';
import { openWorkbench, runCommand, screenshot, setApiKeyThroughUi, waitForVeoStudio } from './workbench';
import { makeWorkspace } from './workspace';

export const UI_KEY = 'sim-ui-key';

export interface UiSession {
  readonly sim: VeoSimulator;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly workspace: string;
  /**
   * Reloads the window as a person does, with "Developer: Reload Window": the workbench
   * shuts down cleanly (saving its state: open editors and webviews, views, the extension's
   * workspace state) and loads again in the same page, with a new extension host. Resolves
   * with that page once Veo Studio is back. (A bare page.reload() skips the clean shutdown,
   * and state saved in the last moments is lost.)
   */
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
        const loaded = page.waitForEvent('load', { timeout: 60_000 });
        await runCommand(page, 'Developer: Reload Window');
        await loaded;
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

export interface UseUiSessionOptions extends UiSessionOptions {
  /** Set UI_KEY through the palette once the window is up, as a person does. */
  readonly apiKey?: boolean;
}

/**
 * Registers, in the calling `describe`, the hooks every journey needs: `before` starts a
 * session (and sets the key when asked), `afterEach` saves a FAILED-<label>-… screenshot of a
 * failed test, `after` stops the session. Returns the session for the tests and later hooks.
 */
export function useUiSession(label: string, { apiKey = false, ...options }: UseUiSessionOptions = {}): () => UiSession {
  let session: UiSession | undefined;
  before(async function () {
    session = await startUiSession(options);
    if (apiKey) await setApiKeyThroughUi(session.page, UI_KEY);
  });
  screenshotOnFailure(label, () => session?.page);
  after(async function () {
    await session?.stop();
  });
  return () => {
    if (!session) throw new Error(`the "${label}" UI session has not started`);
    return session;
  };
}

/** An `afterEach` that saves a screenshot named FAILED-<label>-<test title> when a test failed. */
export function screenshotOnFailure(label: string, page: () => Page | undefined): void {
  afterEach(async function () {
    const shown = page();
    if (this.currentTest?.state === 'failed' && shown) await screenshot(shown, `FAILED-${label}-${this.currentTest.title.slice(0, 30)}`);
  });
}
