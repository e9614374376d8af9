// The house rule, checked: imports point down the layers only, and no file imports itself
// back through others (no cycles). docs/architecture.md explains the layers; this test is
// their one owner — it reads every import of every file under src/ (type-only ones too) and
// fails naming the file, the import and the rule it breaks.
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../support/paths';

type Layer = 'core' | 'platform' | 'views' | 'webview' | 'schemas' | 'page' | 'commands' | 'root';

/** Which layer a file (path relative to src/, with forward slashes) belongs to. */
export function layerOf(file: string): Layer {
  if (file === 'extension.ts') return 'root';
  if (file.startsWith('core/')) return 'core';
  if (file.startsWith('platform/')) return 'platform';
  if (file.startsWith('views/')) return 'views';
  if (file.startsWith('commands/')) return 'commands';
  if (file.startsWith('webview/page/')) return 'page';
  // The message schemas both sides of a webview validate with: shared with the page bundle.
  if (file.startsWith('webview/') && /(^|\/)(messages|protocol)\.ts$/.test(file)) return 'schemas';
  if (file.startsWith('webview/')) return 'webview';
  throw new Error(`src/${file} is in no layer: add it to layerOf() and to docs/architecture.md`);
}

/** Core modules that are plain data and text, safe in a browser bundle. */
const BROWSER_SAFE_CORE = /^core\/(catalog|text)\//;

/** What each layer may import (besides npm packages). */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  core: ['core'],
  platform: ['core', 'platform'],
  views: ['core', 'platform', 'views'],
  webview: ['core', 'platform', 'schemas', 'webview'],
  schemas: ['core', 'schemas'],
  page: ['core', 'schemas', 'page'],
  commands: ['core', 'platform', 'views', 'schemas', 'webview', 'commands'],
  root: ['core', 'platform', 'views', 'schemas', 'webview', 'commands'],
};

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]!);

export interface ImportEdge {
  readonly from: string;
  readonly spec: string;
  /** The file under src/ it resolves to, for imports of our own code. */
  readonly to?: string;
}

/** Every import (and re-export) of every .ts file under `srcDir`, resolved. */
export function importGraph(srcDir: string): { files: string[]; edges: ImportEdge[] } {
  const files = fs
    .readdirSync(srcDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(srcDir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const text = fs.readFileSync(path.join(srcDir, from), 'utf8');
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!spec.startsWith('.')) {
        edges.push({ from, spec });
        continue;
      }
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
      const to = [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => known.has(candidate));
      edges.push({ from, spec, ...(to ? { to } : {}) });
    }
  }
  return { files, edges };
}

/** Problems with one import, as sentences. */
export function layerProblems(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { from, spec, to } of edges) {
    const layer = layerOf(from);
    const where = `src/${from} imports "${spec}"`;
    if (!spec.startsWith('.')) {
      if (spec === 'vscode' && (layer === 'core' || layer === 'page' || layer === 'schemas')) problems.push(`${where}: ${layer} code runs without VS Code`);
      if (isNodeBuiltin(spec) && (layer === 'page' || layer === 'schemas')) problems.push(`${where}: ${layer} code runs in a browser`);
      continue;
    }
    if (!to) {
      problems.push(`${where}, which is not a file under src/`);
      continue;
    }
    const target = layerOf(to);
    if (!MAY_IMPORT[layer].includes(target)) problems.push(`${where}: ${layer} may import only ${MAY_IMPORT[layer].join(', ')} (src/${to} is ${target})`);
    else if ((layer === 'page' || layer === 'schemas') && target === 'core' && !BROWSER_SAFE_CORE.test(to)) {
      problems.push(`${where}: ${layer} code may use only the catalog and text modules of core (src/${to} is not browser-safe)`);
    }
  }
  return problems;
}

/** Groups of files that import each other in a loop (Tarjan's strongly connected components). */
export function importCycles(files: readonly string[], edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (e.to) next.get(e.from)!.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || next.get(v)!.includes(v)) cycles.push(component.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

describe('Layers: imports point down, and never in a circle', () => {
  const { files, edges } = importGraph(path.join(PROJECT_ROOT, 'src'));

  it('reads the whole of src/', () => {
    assert.ok(files.length > 50, `only ${files.length} files found`);
    assert.ok(edges.filter((e) => e.to).length > 150, 'too few imports found: is the reader broken?');
    for (const f of files) layerOf(f);
  });

  it('every import follows the layer rule', () => {
    assert.deepEqual(layerProblems(edges), []);
  });

  it('no import cycles', () => {
    assert.deepEqual(importCycles(files, edges).map((c) => c.join(' → ')), []);
  });

  it('the check itself catches a wrong import and a cycle', () => {
    // Made-up files, so the rule is seen to bite (and not only to pass).
    const wrong: ImportEdge[] = [
      { from: 'core/jobs/x.ts', spec: 'vscode' },
      { from: 'core/jobs/x.ts', spec: '../../views/y', to: 'views/y.ts' },
      { from: 'views/y.ts', spec: '../commands/z', to: 'commands/z.ts' },
      { from: 'webview/page/p.ts', spec: '../../core/jobs/job', to: 'core/jobs/job.ts' },
      { from: 'webview/page/p.ts', spec: 'node:fs' },
    ];
    assert.equal(layerProblems(wrong).length, 5, layerProblems(wrong).join('\n'));
    const loop: ImportEdge[] = [
      { from: 'commands/a.ts', spec: './b', to: 'commands/b.ts' },
      { from: 'commands/b.ts', spec: './a', to: 'commands/a.ts' },
    ];
    assert.deepEqual(importCycles(['commands/a.ts', 'commands/b.ts'], loop), [['commands/a.ts', 'commands/b.ts']]);
  });
});
