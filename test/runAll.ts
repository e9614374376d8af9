// `npm test` runs this after typecheck and lint: every layer of tests, then one line
// `N passed, N failed` over all of them (CI reads it).
//   node out/test/runAll.js            unit, in-host, UI journeys
//   node out/test/runAll.js unit host  only those layers
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runHostSuites } from './support/hostDriver';
import { filesEndingWith, runMocha, type LayerResult } from './support/layer';
import { PROJECT_ROOT } from './support/paths';

type LayerName = 'unit' | 'host' | 'ui';
const ALL: readonly LayerName[] = ['unit', 'host', 'ui'];

async function runLayer(layer: LayerName): Promise<LayerResult> {
  const out = path.join(PROJECT_ROOT, 'out', 'test');
  switch (layer) {
    case 'unit':
      return runMocha('unit', filesEndingWith(path.join(out, 'unit'), '.unit.test.js'), 15_000);
    case 'host':
      return runHostSuites();
    case 'ui': {
      // The journeys install the packaged .vsix, as a person would.
      const pack = spawnSync('npm', ['run', '--silent', 'package'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
      if (pack.status !== 0) return { name: 'ui', passed: 0, failed: 1, failures: [{ title: 'npm run package', error: `exit ${pack.status}` }] };
      return runMocha('ui', filesEndingWith(path.join(out, 'ui'), '.ui.test.js'), 180_000);
    }
  }
}

async function main(): Promise<void> {
  process.setSourceMapsEnabled(true);
  const asked = process.argv.slice(2).filter((a): a is LayerName => (ALL as readonly string[]).includes(a));
  const layers = asked.length ? asked : ALL;
  const results: LayerResult[] = [];
  for (const layer of layers) {
    console.log(`\n━━ ${layer} tests ━━`);
    try {
      results.push(await runLayer(layer));
    } catch (error) {
      console.error(error);
      results.push({ name: layer, passed: 0, failed: 1, failures: [{ title: `${layer} layer`, error: String(error) }] });
    }
  }
  console.log('');
  for (const r of results) {
    console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
    for (const f of r.failures) console.log(`  ✘ ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
