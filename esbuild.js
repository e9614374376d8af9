// Builds every bundle of the project.
//   node esbuild.js               extension (Node/CJS, `vscode` external) + webview pages (browser/IIFE)
//   node esbuild.js --production  the same, minified, no source maps (what the .vsix carries)
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also the tests, the simulator and the benchmark into out/
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests') || watch;

/** Logs one line per build so watch mode shows when a rebuild finished. */
const reporter = (name) => ({
  name: 'reporter',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [${name}] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}`);
      }
      if (watch) console.log(`[${name}] built with ${result.errors.length} error(s)`);
    });
  },
});

/** Static assets the webviews load at run time, copied out of node_modules at build time. */
function copyAssets() {
  const target = path.join(__dirname, 'dist', 'media');
  fs.mkdirSync(target, { recursive: true });
  const codicons = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  for (const file of ['codicon.css', 'codicon.ttf']) {
    const from = path.join(codicons, file);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(target, file));
  }
}

/**
 * Writes the JSON schema of shot lists (`*.veo.json`, see package.json's jsonValidation)
 * from the model catalog: src/core/shotList/schema.ts is bundled in memory and run.
 */
const shotListSchema = () => ({
  name: 'shot-list-schema',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const bundled = await esbuild.build({
        entryPoints: ['src/core/shotList/schema.ts'],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        write: false,
        logLevel: 'silent',
      });
      const mod = { exports: {} };
      new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(mod, mod.exports, require);
      const target = path.join(__dirname, 'dist', 'schemas', 'shot-list.schema.json');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, JSON.stringify(mod.exports.shotListJsonSchema(), null, 2) + '\n');
    });
  },
});

/** Every `*.ts` under a folder, for builds with one output per entry. */
function tsFilesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'silent',
  legalComments: 'none',
  // jsonc-parser's `main` is a UMD build whose inner `require`s esbuild cannot follow; its
  // ES module build bundles cleanly.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const configs = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [reporter('extension'), shotListSchema()],
  },
  {
    ...common,
    entryPoints: tsFilesUnder('src/webview/page').filter((f) => path.basename(f).endsWith('.page.ts')),
    outdir: 'dist/webview',
    entryNames: '[name]',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    plugins: [reporter('webview')],
  },
];

if (tests) {
  configs.push({
    ...common,
    sourcemap: 'linked',
    minify: false,
    entryPoints: tsFilesUnder('test'),
    outdir: 'out/test',
    outbase: 'test',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // mocha and playwright-core are loaded from node_modules at run time (they read their
    // own files); `vscode` exists only inside the extension host.
    external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron', 'typescript'],
    plugins: [reporter('tests')],
  });
}

async function main() {
  copyAssets();
  const contexts = await Promise.all(configs.filter((c) => c.entryPoints.length > 0).map((c) => esbuild.context(c)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('watching for changes…');
    return;
  }
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
