// The composition root: builds the services, wires them to VS Code's surfaces, and
// registers everything with the extension's subscriptions. No logic of its own.
import * as vscode from 'vscode';
import { VeoClient } from './core/api/client';
import type { Job } from './core/jobs/job';
import { JobManager } from './core/jobs/jobManager';
import { JobStore, type JobChange } from './core/jobs/jobStore';
import { TimingModel } from './core/jobs/timing';
import { PriceBook } from './core/pricing/priceBook';
import { ShotListRuns } from './core/shotList/runs';
import type { Event } from './core/util/events';
import { apiKeyCommands, ensureApiKey } from './commands/apiKeyCommands';
import { generateCommands } from './commands/generateCommands';
import { jobActions } from './commands/jobActions';
import { jobCommands } from './commands/jobCommands';
import { registerCommands } from './commands/registry';
import { registerShotLists } from './commands/shotListCommands';
import { ApiKeyStore } from './platform/apiKey';
import { createLog } from './platform/log';
import { readSettings } from './platform/settings';
import { outputFolderFor, workspaceRoots } from './platform/workspaceFolders';
import { registerJobsView } from './views/jobsTree';
import { registerNotifications } from './views/notifications';
import { registerStatusBar } from './views/statusBar';
import { registerPreview } from './webview/preview/previewPanel';
import { registerGenerator } from './webview/generator/generatorPanel';

/** What Veo Studio offers other extensions (and its own tests): a read-only view of the jobs. */
export interface VeoStudioApi {
  jobs(): readonly Job[];
  readonly onDidChangeJobs: Event<JobChange>;
  /** Whether a key is set (never the key itself). */
  hasApiKey(): Promise<boolean>;
}

export function activate(context: vscode.ExtensionContext): VeoStudioApi {
  const keys = new ApiKeyStore(context.secrets);
  const log = createLog(() => keys.knownSecrets());
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
  const transport = {
    baseUrl: () => readSettings().apiBaseUrl,
    log: (line: string) => log.info(line),
    userAgent: `VeoStudio/${version} (VS Code ${vscode.version})`,
  };
  const client = new VeoClient({ ...transport, apiKey: () => keys.get() });
  // A key is checked with the same client settings before it is kept.
  const clientFor = (key: string) => new VeoClient({ ...transport, apiKey: async () => key });
  const store = new JobStore(context.workspaceState, { now: () => Date.now() }, (line) => log.error(line));
  const manager = new JobManager({
    store,
    client,
    timing: new TimingModel(context.globalState),
    media: { roots: workspaceRoots },
    outputFolder: outputFolderFor,
    settings: () => {
      const s = readSettings();
      return { jobTimeoutMs: s.jobTimeoutMinutes * 60_000, maxDownloadBytes: s.maxDownloadMB * 1024 * 1024 };
    },
    log: (line) => log.info(line),
  });

  const prices = new PriceBook(client, { now: () => Date.now() });
  const shotListRuns = new ShotListRuns();
  const ensureKey = () => ensureApiKey(keys);
  // The panels' message channels are handed back by their commands only to our own tests.
  const exposeHandles = context.extensionMode === vscode.ExtensionMode.Test;

  // The preview's buttons run the job actions; the actions open the preview.
  const preview = registerPreview({ extensionUri: context.extensionUri, jobs: store, log, run: (intent, jobId) => actions.runIntent(intent, jobId) });
  const actions = jobActions({ manager, preview, prices, memento: context.globalState, log, ensureKey, exposeHandles });

  const setKeyContext = (hasKey: boolean) => void vscode.commands.executeCommand('setContext', 'veoStudio.hasApiKey', hasKey);
  void keys.has().then(setKeyContext);

  context.subscriptions.push(
    log,
    keys,
    store,
    manager,
    keys.onDidChange(setKeyContext),
    shotListRuns,
    registerJobsView(store, shotListRuns),
    registerGenerator({ extensionUri: context.extensionUri, manager, prices, client, keys, log, exposeHandles }),
    registerStatusBar(store),
    registerShotLists({ manager, prices, log, ensureKey, hasKey: () => keys.has(), runs: shotListRuns }),
    preview,
    actions,
    registerNotifications(store, {
      retry: (id) => vscode.commands.executeCommand('veoStudio.retryJob', id),
      resume: (id) => manager.resume(id),
      showLog: () => log.show(),
    }),
    vscode.window.onDidChangeWindowState((state) => manager.setFocused(state.focused)),
    registerCommands(log, [
      ...apiKeyCommands(keys, log, clientFor),
      ...generateCommands({ manager, prices, memento: context.globalState, ensureKey, hasKey: () => keys.has() }),
      ...jobCommands(manager),
      ...actions.commands,
      { id: 'veoStudio.showLog', run: () => log.show() },
    ]),
  );

  void manager.resumeAll().catch((error: unknown) => log.error('Could not resume jobs', error));
  log.info(`Veo Studio ${version} activated with ${store.all().length} job(s) in this workspace`);
  return { jobs: () => store.all(), onDidChangeJobs: store.onDidChange, hasApiKey: () => keys.has() };
}

export function deactivate(): void {}
