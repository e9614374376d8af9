// The packaged extension, installed from its .vsix into a real VS Code, as a person gets it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { useUiSession } from '../support/uiSession';
import { screenshot, showJobsView } from '../support/workbench';

describe('installed from the .vsix', function () {
  const session = useUiSession('foundation');

  it('shows Veo Studio in the activity bar and opens its Jobs view', async () => {
    const { page } = session();
    await showJobsView(page);
    const file = await screenshot(page, 'foundation-activity-bar');
    assert.ok(fs.statSync(file).size > 10_000);
  });
});
