// Notifications render `[label](target)` as a link, `command:` targets included, so text
// that came from a prompt, a path, a file or the service could become a button that runs
// a command. One helper defuses it (core/text/links.ts), and one module shows every
// notification through it (platform/messages.ts): these tests hold both.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defuseLinks } from '../../src/core/text/links';
import { PROJECT_ROOT } from '../support/paths';

/** VS Code's own rule for links in notifications (vs/base/common/linkedText.ts), to check against. */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('links in notifications', () => {
  it('defuses every markdown link, so no text from outside becomes a clickable command', () => {
    for (const text of [
      '[Fix](command:veoStudio.clearApiKey)',
      'images/[Fix](command:veoStudio.clearApiKey).png was not found.',
      'a [b](https://evil.example) c [d](file:///etc/passwd) e',
      '[x](command:a "title")',
      '[[nested](command:a)](command:b)',
      '[](command:a)[a](command:b)',
    ]) {
      const out = defuseLinks(text);
      assert.equal([...out.matchAll(NOTIFICATION_LINK)].length, 0, `${text} → ${out}`);
      // Nothing is lost: the words are all still there.
      assert.equal(out.replace(/\s/g, ''), text.replace(/\s/g, ''));
    }
  });

  it('leaves text without links as it is', () => {
    for (const text of ['Video saved: a-b.mp4', 'Shot 2 · options.duration: must be 4, 6 or 8.', 'brackets [like this] and (this) stay', '']) {
      assert.equal(defuseLinks(text), text);
    }
  });

  it('shows every notification through platform/messages.ts (no direct vscode.window.show…Message in src/)', () => {
    const src = path.join(PROJECT_ROOT, 'src');
    const direct: string[] = [];
    for (const entry of fs.readdirSync(src, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      const relative = path.relative(src, file).split(path.sep).join('/');
      if (relative === 'platform/messages.ts') continue;
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bshow(Error|Warning|Information)Message\b/.test(line)) direct.push(`src/${relative}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(direct, [], 'show notifications with notify.error / notify.warning / notify.info from src/platform/messages.ts');
  });
});
