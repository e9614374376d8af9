// What the extension keeps for its own in-host tests it keeps only in its test mode
// (ExtensionMode.Test): the panels' posted messages (bounded by the channel) and the
// notifications shown. Held here by reading the code that switches them on.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/paths';

const SRC = path.join(PROJECT_ROOT, 'src');
const read = (file: string) => fs.readFileSync(path.join(SRC, file), 'utf8');
const sources = fs
  .readdirSync(SRC, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => path.relative(SRC, path.join(e.parentPath, e.name)).split(path.sep).join('/'));

describe('test-only seams', () => {
  it('21: every panel keeps posted messages only with exposeHandles, which is the test mode only', () => {
    const uses = sources.flatMap((file) => [...read(file).matchAll(/keepPosted:\s*([^,\n]+)/g)].map((m) => ({ file, value: m[1]!.trim() })));
    assert.ok(uses.length >= 2, 'the generator and the preview');
    for (const use of uses) assert.match(use.value, /^(this\.)?(deps|services)\.exposeHandles \? POSTED_KEPT : 0$/, `${use.file}: keepPosted: ${use.value}`);
    assert.match(read('extension.ts'), /exposeHandles: context\.extensionMode === vscode\.ExtensionMode\.Test/);
    // The channel keeps none unless told, and trims to the number it is given.
    const channel = read('webview/channel.ts');
    assert.match(channel, /const keep = this\.options\.keepPosted \?\? 0;/);
    assert.match(channel, /if \(this\.sent\.length > keep\) this\.sent\.splice\(0, this\.sent\.length - keep\);/);
  });

  it('keeps the notifications shown only in test mode, and offers them only there', () => {
    const root = read('extension.ts');
    assert.match(root, /const testMode = context\.extensionMode === vscode\.ExtensionMode\.Test;\s+keepShownMessages\(testMode\);/);
    assert.match(root, /\.\.\.\(testMode \? \{ test: testApi\(services\) \} : \{\}\)/);
    assert.equal([...root.matchAll(/testApi\(/g)].length, 2, 'built in one place, and defined once');
    assert.match(root, /function testApi\(services: Services\): VeoStudioTestApi \{\s+return \{\s+messages: shownMessages,/);
  });
});
