// Which value of a setting applies. A cloned repository's .vscode/settings.json must not
// decide where files go or how much is spent: application settings read the person's own
// value only, and restricted ones ignore the workspace's until it is trusted.
import assert from 'node:assert/strict';
import { effectiveValue, type Inspected } from '../../src/platform/settingValues';

const everywhere: Inspected<number> = { defaultValue: 20, globalValue: 30, workspaceValue: 1, workspaceFolderValue: 2 };

describe('settings: which value applies', () => {
  it('3: a restricted setting ignores the workspace (and folder) values while the workspace is not trusted', () => {
    assert.equal(effectiveValue(everywhere, 'restricted', false), 30);
    assert.equal(effectiveValue({ defaultValue: 20, workspaceValue: 1 }, 'restricted', false), 20);
    assert.equal(effectiveValue({ defaultValue: 1024, workspaceFolderValue: 100_000 }, 'restricted', false), 1024);
  });

  it('a restricted setting takes the workspace values once the workspace is trusted, folder first', () => {
    assert.equal(effectiveValue(everywhere, 'restricted', true), 2);
    assert.equal(effectiveValue({ defaultValue: 20, globalValue: 30, workspaceValue: 1 }, 'restricted', true), 1);
  });

  it('an application setting is only ever the person’s own value, trusted or not', () => {
    for (const trusted of [true, false]) {
      assert.equal(effectiveValue(everywhere, 'application', trusted), 30);
      assert.equal(effectiveValue({ defaultValue: 20, workspaceValue: 1 }, 'application', trusted), 20);
    }
  });

  it('any other setting follows VS Code’s order: folder, workspace, user, default', () => {
    assert.equal(effectiveValue(everywhere, 'any', false), 2);
    assert.equal(effectiveValue({ defaultValue: 20 }, 'any', false), 20);
    assert.equal(effectiveValue(undefined, 'any', true), undefined);
  });
});
