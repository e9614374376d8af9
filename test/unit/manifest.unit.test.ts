// The manifest a person's VS Code reads: every contribution points at something real.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILT_IN as BUILT_IN_IDS, COMMANDS, CONTEXT_KEYS, PANELS, RESTRICTED_SETTINGS, SETTINGS, TEST_COMMANDS, TOOLS, VIEWS } from '../../src/platform/ids';
import { PROJECT_ROOT } from '../support/paths';

interface Manifest {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  l10n?: string;
  activationEvents: string[];
  contributes: {
    views: Record<string, Array<{ id: string }>>;
    viewsContainers: { activitybar: Array<{ id: string }> };
    commands: Array<{ command: string; title: string; category?: string; icon?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    viewsWelcome: Array<{ contents: string }>;
    walkthroughs: Array<{ steps: Array<{ description: string; media: { markdown?: string; image?: string } }> }>;
    configuration: { properties: Record<string, { scope?: string }> };
    jsonValidation?: Array<{ fileMatch: string; url: string }>;
    languageModelTools: Array<{ name: string; when?: string }>;
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] }; virtualWorkspaces: { supported: boolean } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const raw = fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8');
const commands = new Set(manifest.contributes.commands.map((c) => c.command));
/** Commands VS Code itself provides that our links use. */
const BUILT_IN = new Set(['workbench.view.explorer', BUILT_IN_IDS.focusJobs]);

describe('package.json contributions', () => {
  it('declares exactly the ids the code uses (src/platform/ids.ts)', () => {
    assert.deepEqual([...commands].sort(), Object.values(COMMANDS).sort());
    assert.deepEqual(Object.values(manifest.contributes.views).flat().map((v) => v.id), [VIEWS.jobs, VIEWS.spending]);
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), [VIEWS.container]);
    const settings = Object.keys(manifest.contributes.configuration.properties).sort();
    const { section, ...keys } = SETTINGS;
    assert.deepEqual(settings, Object.values(keys).map((k) => `${section}.${k}`).sort());
    for (const panel of Object.values(PANELS)) assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${panel}`), panel);
    assert.deepEqual(manifest.contributes.languageModelTools.map((t) => t.name).sort(), Object.values(TOOLS).sort());
    // Test-only commands are never contributed.
    for (const id of Object.values(TEST_COMMANDS)) assert.ok(!commands.has(id) && !raw.includes(`"${id}"`), id);
    // Every context key a `when` clause reads is one the code sets; every `config.` it reads is a setting.
    const whens = [...raw.matchAll(/"when":\s*"([^"]*)"/g)].map((m) => m[1]!);
    const read = new Set(whens.flatMap((w) => [...w.matchAll(/(?<!config\.)\bveoStudio\.[A-Za-z.]+/g)].map((m) => m[0])).filter((id) => id !== VIEWS.jobs && id !== VIEWS.spending));
    assert.deepEqual([...read].sort(), Object.values(CONTEXT_KEYS).sort());
    const configs = whens.flatMap((w) => [...w.matchAll(/\bconfig\.(veoStudio\.[A-Za-z.]+)/g)].map((m) => m[1]!));
    assert.ok(configs.length > 0);
    for (const key of configs) assert.ok(key in manifest.contributes.configuration.properties, key);
  });

  it('gives every command the category and a codicon', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, '%category%', c.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, c.command);
    }
  });

  it('translates every %key% it uses', () => {
    const keys = [...raw.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    assert.ok(keys.length > 40);
    assert.deepEqual(keys.filter((k) => !(k in nls)), []);
  });

  it('points every menu entry and every command link at a command that exists', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) assert.ok(commands.has(e.command), `${menu}: ${e.command}`);
    }
    const texts = [
      ...manifest.contributes.viewsWelcome.map((w) => nls[w.contents.slice(1, -1)] ?? w.contents),
      ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => nls[s.description.slice(1, -1)] ?? s.description)),
    ];
    const links = texts.flatMap((t) => [...t.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!));
    assert.ok(links.length >= 6);
    for (const link of links) assert.ok(commands.has(link) || BUILT_IN.has(link), link);
  });

  it('ships every walkthrough page and the shot-list schema it names', () => {
    for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && fs.existsSync(path.join(PROJECT_ROOT, media)), media);
    }
    for (const v of manifest.contributes.jsonValidation ?? []) assert.match(v.url, /^\.\/dist\/schemas\/.+\.json$/);
  });

  it('keeps the key where a workspace cannot redirect it, and declares trust and virtual workspace support', () => {
    assert.equal(manifest.contributes.configuration.properties['veoStudio.apiBaseUrl']?.scope, 'application');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations?.includes('veoStudio.outputFolder'));
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
  });

  it('3: restricts in untrusted workspaces exactly the settings the code restricts (src/platform/ids.ts RESTRICTED_SETTINGS)', () => {
    const declared = [...(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [])].sort();
    assert.deepEqual(declared, RESTRICTED_SETTINGS.map((k) => `${SETTINGS.section}.${k}`).sort());
    for (const key of ['outputFolder', 'maxDownloadMB', 'jobTimeoutMinutes', 'maxConcurrentJobs']) assert.ok(declared.includes(`veoStudio.${key}`), key);
  });

  it('3: lets no workspace setting change where files go or what is spent: every setting is application-scoped or restricted', () => {
    const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? []);
    const open = Object.entries(manifest.contributes.configuration.properties).filter(([key, spec]) => spec.scope !== 'application' && !restricted.has(key));
    assert.deepEqual(open.map(([key]) => key), []);
    // The key's destination, the budgets and the agent's switch are the person's own settings only.
    for (const key of ['apiBaseUrl', 'budget.perJobUSD', 'budget.monthlyUSD', 'agentTools.enabled']) {
      assert.equal(manifest.contributes.configuration.properties[`veoStudio.${key}`]?.scope, 'application', key);
    }
  });

  it('runs on VS Code 1.100 with typings no newer than that', () => {
    assert.match(manifest.engines.vscode, /^\^1\.100\./);
    assert.match(manifest.devDependencies['@types/vscode'] ?? '', /^\^?1\.100\./);
  });
});
