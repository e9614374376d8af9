// The pages' words and the extension's table of them (src/webview/pageStrings.ts) are the
// same set: every string the page code passes to t() is translated by the extension, every
// entry of the table is used, each entry's key is the very text it translates, and
// `npm run l10n` has put them all into l10n/bundle.l10n.json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../support/paths';

const SRC = path.join(PROJECT_ROOT, 'src');
const PAGE_ENTRIES = ['webview/page/generator.page.ts', 'webview/page/preview.page.ts', 'webview/page/frames.page.ts', 'webview/page/compare.page.ts', 'webview/page/sequence.page.ts'];

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(path.join(SRC, file), 'utf8'), ts.ScriptTarget.Latest, true);
const literal = (node: ts.Node | undefined): string | undefined => (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined);

/** Every file under src/ the page bundles are built from (following relative imports). */
function pageFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { fileName } of ts.preProcessFile(fs.readFileSync(path.join(SRC, file), 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
      const found = [`${base}.ts`, `${base}/index.ts`].find((f) => fs.existsSync(path.join(SRC, f)));
      if (found) visit(found);
    }
  };
  for (const entry of PAGE_ENTRIES) visit(entry);
  return [...seen].sort();
}

/** The strings passed to `t(…)` in a file, and the calls whose text is not a literal. */
function tCalls(file: string): { texts: string[]; dynamic: string[] } {
  const texts: string[] = [];
  const dynamic: string[] = [];
  const source = parse(file);
  const walk = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't') {
      const text = literal(node.arguments[0]);
      if (text === undefined) dynamic.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText().slice(0, 60)}`);
      else texts.push(text);
    }
    ts.forEachChild(node, walk);
  };
  walk(source);
  return { texts, dynamic };
}

/** The table: its keys, and the entries whose key is not the text its vscode.l10n.t call translates. */
function table(): { keys: string[]; mismatched: string[] } {
  const keys: string[] = [];
  const mismatched: string[] = [];
  const walk = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node)) {
      const key = literal(node.name);
      const call = node.initializer;
      const isT = ts.isCallExpression(call) && call.expression.getText() === 'vscode.l10n.t' && call.arguments.length === 1;
      const text = isT ? literal(call.arguments[0]) : undefined;
      if (key === undefined || text !== key) mismatched.push(node.getText().slice(0, 80));
      if (key !== undefined) keys.push(key);
    }
    ts.forEachChild(node, walk);
  };
  walk(parse('webview/pageStrings.ts'));
  return { keys, mismatched };
}

describe('page strings: the pages’ words and the extension’s table of them', () => {
  const files = pageFiles();
  const calls = files.map(tCalls);
  const used = new Set(calls.flatMap((c) => c.texts));
  const { keys, mismatched } = table();

  it('follows the pages’ imports into the page code and the core text it uses', () => {
    assert.ok(files.includes('webview/page/generator/app.ts') && files.includes('webview/page/preview/render.ts'), files.join('\n'));
    assert.ok(files.includes('core/text/clip.ts'), 'the clip summary the generator shows');
    assert.ok(!files.some((f) => f === 'webview/pageStrings.ts' || f.startsWith('platform/')), 'no extension code');
    assert.ok(used.size > 50, `only ${used.size} strings found`);
  });

  it('every t() in page code is given its text literally (so it can be checked and exported)', () => {
    assert.deepEqual(calls.flatMap((c) => c.dynamic), []);
  });

  it('each entry of the table translates its own key, once', () => {
    assert.deepEqual(mismatched, []);
    assert.equal(new Set(keys).size, keys.length, 'no key twice');
  });

  it('the table has every string the pages show, and nothing else', () => {
    assert.deepEqual([...used].filter((s) => !keys.includes(s)).sort(), [], 'shown but not translated');
    assert.deepEqual(keys.filter((k) => !used.has(k)).sort(), [], 'translated but not shown');
  });

  it('npm run l10n has exported them into l10n/bundle.l10n.json', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(keys.filter((k) => !(k in bundle)), [], 'run npm run l10n');
  });
});
