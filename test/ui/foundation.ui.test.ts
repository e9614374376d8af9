// The packaged extension, installed from its .vsix into a real VS Code, as a person gets it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { startUiSession, type UiSession } from '../support/uiSession';
import { screenshot } from '../support/workbench';

describe('installed from the .vsix', function () {
  let session: UiSession;

  before(async function () {
    session = await startUiSession();
  });

  after(async function () {
    await session?.stop();
  });

  it('shows Veo Studio in the activity bar and opens its Jobs view', async () => {
    const { page } = session;
    const icon = page.locator('.activitybar .action-item a[aria-label^="Veo Studio"]');
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
    const title = page.locator('.sidebar .composite.title', { hasText: /Veo Studio/i });
    await title.waitFor();
    const file = await screenshot(page, 'foundation-activity-bar');
    assert.ok(fs.statSync(file).size > 10_000);
  });
});
