// The composition root: builds the services once, then hands them to every feature, each of
// which registers its own commands, views or panels and returns one disposable. No logic of
// its own; the layers and where each concern lives are in docs/architecture.md.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { VeoClient } from './core/api/client';
import { requestFromArgs } from './core/jobs/generateArgs';
import type { Job } from './core/jobs/job';
import { JobManager } from './core/jobs/jobManager';
import { JobStore, type JobChange } from './core/jobs/jobStore';
import { TimingModel } from './core/jobs/timing';
import { PriceBook } from './core/money/priceBook';
import { RunRecords } from './core/shotList/runRecords';
import { ShotListRuns } from './core/shotList/runs';
import { systemClock } from './core/util/clock';
import type { Event } from './core/util/events';
import { registerAgentTools } from './commands/agentTools/register';
import { registerApiKeyCommands } from './commands/apiKeyCommands';
import { registerGenerateCommands } from './commands/generateCommands';
import { registerJobActions } from './commands/jobActions';
import { registerJobCommands } from './commands/jobCommands';
import { registerPlaySequence } from './commands/playSequence';
import { registerShotLists } from './commands/shotListCommands';
import { carryOnRuns, registerCarryOn } from './commands/shotList/carryOn';
import { registerShowLog } from './commands/showLog';
import { registerCompare } from './commands/compareCommands';
import { registerFrameCommands } from './commands/frameCommands';
import { registerSequenceOutputs } from './commands/sequenceOutputs';
import { ApiKeyStore } from './platform/apiKey';
import { tellKeyStoreUnavailable } from './platform/keyPrompts';
import { createLog } from './platform/log';
import { keepShownMessages, shownMessages, type ShownMessage } from './platform/messages';
import { PosterCache } from './platform/posters';
import { RunOwners } from './platform/runOwners';
import { ShotTakes } from './platform/shotTakes';
import type { Feature, Services } from './platform/services';
import { readSettings } from './platform/settings';
import { priceRequests } from './platform/spending';
import { argsContext, outputFolderFor, workspaceRoots } from './platform/workspaceFolders';
import { registerJobsView } from './views/jobsTree';
import { registerNotifications } from './views/notifications';
import { registerSpendingView } from './views/spendingView';
import { registerStatusBar } from './views/statusBar';
import { registerGenerator } from './webview/generator/generatorPanel';
import { registerPreview } from './webview/preview/previewPanel';

/** What Veo Studio offers other extensions (and its own tests): a read-only view of the jobs. */
export interface VeoStudioApi {
  jobs(): readonly Job[];
  readonly onDidChangeJobs: Event<JobChange>;
  /** Whether a key is set (never the key itself). */
  hasApiKey(): Promise<boolean>;
  /**
   * What `veoStudio.generate` with this argument object would cost, by the live price list:
   * `{ usd, basis }` ("8 s × $0.40/s · 1080p · with audio"), or undefined when no price can
   * be had (offline with none known, a price of kind "variable"). Invalid arguments throw
   * the same ValidationError the command would.
   */
  estimateCost(args: unknown): Promise<{ usd: number; basis: string } | undefined>;
  /** Only while the extension runs its own tests (ExtensionMode.Test): what it has shown. */
  readonly test?: VeoStudioTestApi;
}

/** What the in-host tests may read besides the jobs; never offered outside test mode. */
export interface VeoStudioTestApi {
  /** The notifications shown so far (the last 200), as VS Code got them. */
  messages(): readonly ShownMessage[];
  /**
   * As a reload does to shot-list runs: every run of this window stops where it is, keeping
   * its record, then the runs are carried on as at activation. Resolves once they are under way.
   */
  reloadShotListRuns(): Promise<void>;
}

/** Every feature of the extension, in the order it is registered. */
const FEATURES: readonly Feature[] = [
  registerApiKeyCommands,
  registerJobsView,
  registerStatusBar,
  registerSpendingView,
  registerNotifications,
  registerPreview,
  registerGenerator,
  registerGenerateCommands,
  registerJobCommands,
  registerJobActions,
  registerShotLists,
  registerCarryOn,
  registerPlaySequence,
  registerAgentTools,
  registerFrameCommands,
  registerCompare,
  registerSequenceOutputs,
  registerShowLog,
];

export function activate(context: vscode.ExtensionContext): VeoStudioApi {
  // Text made outside the VS Code layer (core/text, the preview's model) speaks the same
  // language as the rest: @vscode/l10n reads VS Code's bundle for this display language.
  l10n.config({ contents: vscode.l10n.bundle ?? {} });
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  keepShownMessages(testMode);
  const services = createServices(context);
  context.subscriptions.push(...FEATURES.map((register) => register(services)));
  const { manager, log } = services;
  void manager.resumeAll().catch((error: unknown) => log.error('Could not resume jobs', error));
  log.info(`Veo Studio ${extensionVersion(context)} activated with ${manager.store.all().length} job(s) in this workspace`);
  return {
    jobs: () => manager.store.all(),
    onDidChangeJobs: manager.store.onDidChange,
    hasApiKey: () => services.keys.has(),
    estimateCost: async (args) => {
      const plan = await priceRequests(services, [requestFromArgs(args, argsContext)]);
      const estimate = plan.estimates[0];
      return estimate ? { usd: estimate.usd, basis: estimate.basis } : undefined;
    },
    ...(testMode ? { test: testApi(services) } : {}),
  };
}

export function deactivate(): void {}

/** What the in-host tests may read and do; built only in test mode. */
function testApi(services: Services): VeoStudioTestApi {
  return {
    messages: shownMessages,
    reloadShotListRuns: async () => {
      await services.runOwners.detachAll();
      await carryOnRuns(services);
    },
  };
}

/** The long-lived services; each is disposed with the extension. */
function createServices(context: vscode.ExtensionContext): Services {
  // The log scrubs the keys the store has seen; the store tells through the log once it exists.
  const keys: ApiKeyStore = new ApiKeyStore(context.secrets, (error) => tellKeyStoreUnavailable(error, log));
  const log = createLog(() => keys.knownSecrets());
  const transport = {
    baseUrl: () => readSettings().apiBaseUrl,
    log: (line: string) => log.info(line),
    userAgent: `VeoStudio/${extensionVersion(context)} (VS Code ${vscode.version})`,
  };
  const client = new VeoClient({ ...transport, apiKey: () => keys.get() });
  const store = new JobStore(context.workspaceState, systemClock, (line) => log.error(line));
  const manager = new JobManager({
    store,
    client,
    // Each service learns on its own: the sandbox's 15 s jobs must not teach the real one.
    timing: new TimingModel(context.globalState, undefined, () => safeHost(readSettings().apiBaseUrl)),
    media: { roots: workspaceRoots },
    outputFolder: outputFolderFor,
    settings: () => {
      const s = readSettings();
      return { jobTimeoutMs: s.jobTimeoutMinutes * 60_000, maxDownloadBytes: s.maxDownloadMB * 1024 * 1024 };
    },
    log: (line) => log.info(line),
  });
  const shotListRuns = new ShotListRuns();
  // The extension's own storage, never the workspace: posters are a cache, not the person's files.
  const posters = new PosterCache(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'posters'), log);
  void posters.load();
  const takes = new ShotTakes(store);
  context.subscriptions.push(
    posters,
    takes,
    log,
    keys,
    store,
    manager,
    shotListRuns,
    // Polling slows down while the window is in the background.
    vscode.window.onDidChangeWindowState((state) => manager.setFocused(state.focused)),
  );
  return {
    extensionUri: context.extensionUri,
    manager,
    prices: new PriceBook(client, { now: () => Date.now() }, context.globalState),
    client,
    // A key is checked with the same client settings before it is kept.
    clientFor: (key) => new VeoClient({ ...transport, apiKey: async () => key }),
    keys,
    log,
    memento: context.globalState,
    shotListRuns,
    runRecords: new RunRecords(context.workspaceState, (line) => log.error(line)),
    runOwners: new RunOwners(),
    posters,
    takes,
    exposeHandles: context.extensionMode === vscode.ExtensionMode.Test,
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function extensionVersion(context: vscode.ExtensionContext): string {
  return String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
}
