// Starts a real VS Code: code-server (VS Code's own server and web workbench) on
// 127.0.0.1, with its own user-data, extensions and config folders, so every test run
// starts clean. See docs/architecture.md, "A real VS Code on a machine without a desktop".
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY, PROJECT_ROOT, tempDir } from './paths';

export interface CodeServerOptions {
  /** The folder the window opens. */
  readonly workspace: string;
  /** User settings written before start (e.g. veoStudio.apiBaseUrl → the simulator). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra environment for the server and so for its extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** .vsix files to install first, as a person would. */
  readonly install?: readonly string[];
  /** Reuse folders (e.g. to restart on the same state). */
  readonly userDataDir?: string;
  readonly extensionsDir?: string;
  readonly port?: number;
}

export interface CodeServer {
  readonly url: string;
  /** The server process; its extension hosts are in its process group. */
  readonly pid: number;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Installs code-server into .cache on first use; the script returns at once when it is there. */
export function ensureCodeServerInstalled(): void {
  const result = spawnSync('bash', [path.join(PROJECT_ROOT, 'test', 'support', 'install-code-server.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('installing code-server failed (see the output above)');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function codeServerArgs(extra: string[]): string[] {
  return [CODE_SERVER_ENTRY, '--disable-telemetry', '--disable-update-check', ...extra];
}

export function installExtension(vsix: string, extensionsDir: string, userDataDir: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(
    process.execPath,
    codeServerArgs(['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force']),
    { env, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`code-server --install-extension failed: ${result.stdout}\n${result.stderr}`);
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); log: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not become healthy in ${timeoutMs} ms`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  ensureCodeServerInstalled();
  const home = tempDir('code-server');
  const userDataDir = options.userDataDir ?? path.join(home, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(home, 'extensions');
  const xdg = path.join(home, 'xdg');
  for (const dir of [userDataDir, extensionsDir, xdg, path.join(userDataDir, 'User')]) fs.mkdirSync(dir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const previous = fs.existsSync(settingsFile) ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    // Test and sandbox workspaces live inside this repository: no "open the parent repo?" toast.
    'git.openRepositoryInParentFolders': 'never',
    ...previous,
    ...options.settings,
  };
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

  // Keep code-server's own config out of ~/.config and its caches out of the user's home.
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_CACHE_HOME: xdg, ...options.env };
  delete env['VSCODE_IPC_HOOK_CLI'];
  for (const vsix of options.install ?? []) installExtension(vsix, extensionsDir, userDataDir, env);

  const port = options.port ?? (await freePort());
  const logFile = path.join(home, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    codeServerArgs([
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-workspace-trust',
      '--ignore-last-opened',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      options.workspace,
    ]),
    { env, stdio: ['ignore', log, log], detached: true },
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    killGroup(child);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    pid: child.pid!,
    port,
    userDataDir,
    extensionsDir,
    logFile,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        killGroup(child);
        setTimeout(() => {
          killGroup(child, 'SIGKILL');
          resolve();
        }, 5000).unref();
      })),
  };
}

/** code-server starts an extension host and helpers: end its whole process group. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Kills the extension host(s) of a server with SIGKILL: a crash, not a shutdown. */
export function killExtensionHosts(server: CodeServer): number {
  const ps = spawnSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  let killed = 0;
  for (const line of ps.stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match || Number(match[2]) !== server.pid || !match[3]!.includes('--type=extensionHost')) continue;
    process.kill(Number(match[1]), 'SIGKILL');
    killed++;
  }
  return killed;
}
