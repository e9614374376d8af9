// `npm start`: a sandbox anyone can click through with no account and no internet — the
// Veo API simulator, and a real VS Code (code-server, in the browser on 127.0.0.1) with
// the packaged extension installed, pointed at the simulator, and holding a demo key.
//   npm start [-- --port 8080] [--generate-seconds 12] [--fresh] [--dir .cache/sandbox]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../simulator/simulator';
import { freePort, startCodeServer } from '../support/codeServer';
import { PROJECT_ROOT, VSIX } from '../support/paths';
import { workbenchUrl } from '../support/workbench';
import { seedWorkspace } from '../support/workspace';

export const DEMO_KEY = 'sandbox-demo-key';

function packageDemoKeyExtension(SANDBOX: string): string {
  const source = path.join(PROJECT_ROOT, 'test', 'sandbox', 'demo-key-extension');
  const out = path.join(SANDBOX, 'veo-studio-sandbox-key.vsix');
  const vsce = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--no-dependencies', '--out', out], { cwd: source, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`packaging the sandbox key extension failed: ${result.stdout}${result.stderr}`);
  return out;
}

/** What the sandbox's README says (the tests' workspaces have a shorter one). */
const SANDBOX_README = [
  '# Veo Studio sandbox',
  '',
  'Everything here talks to a local simulator of the AI/ML API: no account, no internet, no cost.',
  '',
  '- Open the **Veo Studio** view in the activity bar, or run **Veo Studio: Generate Video…** (F1).',
  '- Right-click an image in `images/` → **Generate Video from Image(s)…**.',
  '- Finished videos land in `videos/` with a `.json` sidecar describing how they were made.',
  '',
].join('\n');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      'generate-seconds': { type: 'string', default: '12' },
      fresh: { type: 'boolean', default: false },
      dir: { type: 'string', default: path.join(PROJECT_ROOT, '.cache', 'sandbox') },
    },
  });
  const SANDBOX = path.resolve(values.dir);
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: "npm start" builds and packages it first (or run "npm run package").`);
  if (values.fresh) fs.rmSync(SANDBOX, { recursive: true, force: true });
  const workspace = path.join(SANDBOX, 'workspace');
  seedWorkspace(workspace, SANDBOX_README);

  const generateMs = Number(values['generate-seconds']) * 1000;
  const sim = await startSimulator({ apiKeys: [DEMO_KEY], timing: () => ({ queueMs: 1500, generateMs }) });
  const wanted = Number(values.port);
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  const server = await startCodeServer({
    workspace,
    port,
    userDataDir: path.join(SANDBOX, 'user-data'),
    extensionsDir: path.join(SANDBOX, 'extensions'),
    install: [VSIX, packageDemoKeyExtension(SANDBOX)],
    settings: { 'veoStudio.apiBaseUrl': sim.apiUrl },
  });
  const url = workbenchUrl(server.url, workspace);
  console.log('');
  console.log('Veo Studio sandbox is running.');
  console.log(`  VS Code:   ${url}`);
  console.log(`  Simulator: ${sim.apiUrl} (videos from ${sim.cdnUrl}), demo key "${DEMO_KEY}" already set`);
  console.log(`  Workspace: ${workspace}`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function portIsFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
