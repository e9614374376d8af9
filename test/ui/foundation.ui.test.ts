// The packaged extension, installed from its .vsix into a real VS Code, as a person gets it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { useUiSession } from '../support/uiSession';
import { screenshot, showJobsView } from '../support/workbench';

describe('installed from the .vsix', function () {
  const session = useUiSession('foundation');

  it('shows Veo Studio in the activity bar and opens its Jobs view, which offers Set API Key first', async () => {
    const { page } = session();
    await showJobsView(page);
    const sidebar = page.locator('.sidebar');
    // The only view of the container: VS Code folds its header into the container's title.
    assert.equal(await sidebar.locator('.pane-header[aria-label="Jobs Section"]').count(), 1);
    // No key yet: the welcome view explains what Veo Studio is and offers the first step.
    const welcome = sidebar.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 15_000 });
    assert.match((await welcome.innerText()).replace(/\s+/g, ' '), /turns prompts and images into Google Veo 3\.1 videos/);
    assert.equal(await welcome.getByRole('button', { name: 'Set API Key' }).count(), 1);
    const file = await screenshot(page, 'foundation-activity-bar');
    assert.ok(fs.statSync(file).size > 10_000);
  });
});
