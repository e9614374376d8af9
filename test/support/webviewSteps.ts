// What a person does inside Veo Studio's webviews — the generator panel and the video
// preview — as Playwright steps shared by the journeys.
import type { FrameLocator, Page } from 'playwright-core';
import { webview } from './workbench';

/** In the generator panel: opens a slot's workspace list, searches, and picks the file. */
export async function pickFromWorkspace(panel: FrameLocator, slot: string, search: string, name: string): Promise<void> {
  const box = panel.locator(`#slot-${slot}`);
  await box.getByRole('button', { name: 'Workspace' }).click();
  const searchBox = box.locator('input[type="search"]');
  await searchBox.waitFor();
  await searchBox.fill(search);
  await box.locator('.picker-item', { hasText: name }).first().click();
}

/** Waits until the active webview is the video preview and returns its document. */
export async function waitForPreview(page: Page): Promise<FrameLocator> {
  const frame = webview(page);
  await frame.locator('main.preview').waitFor({ timeout: 20_000 });
  return frame;
}

export interface PlayState {
  readonly paused: boolean;
  readonly currentTime: number;
  readonly readyState: number;
}

/**
 * Plays the preview's video (looping) and resolves once it really is playing: not paused,
 * and its time past `atLeastSeconds` (default: moving at all). Rejects if it is not within 15 s.
 */
export async function play(frame: FrameLocator, atLeastSeconds = 0): Promise<PlayState> {
  const video = frame.locator('video');
  await video.waitFor({ timeout: 20_000 });
  return video.evaluate(
    (v: HTMLVideoElement, atLeast: number) =>
      new Promise<PlayState>((resolve, reject) => {
        const done = () => resolve({ paused: v.paused, currentTime: v.currentTime, readyState: v.readyState });
        const timer = setTimeout(() => reject(new Error(`not playing: paused=${v.paused} t=${v.currentTime} error=${v.error?.code ?? '-'}`)), 15_000);
        const check = () => {
          if (!v.paused && v.currentTime > atLeast) {
            clearTimeout(timer);
            done();
          } else {
            requestAnimationFrame(check);
          }
        };
        v.addEventListener('playing', check, { once: true });
        v.loop = true;
        void v.play().catch((e: unknown) => reject(e instanceof Error ? e : new Error(String(e))));
        check();
      }),
    atLeastSeconds,
  );
}
