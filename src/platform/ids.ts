// Every name Veo Studio declares to VS Code, once: commands, views, panels, settings,
// context keys and the other ids VS Code knows us by. package.json declares the same names
// (VS Code reads them from there); test/unit/manifest.unit.test.ts holds the two together,
// so a rename in one place without the other fails the tests.
//
// Plain constants, no `vscode` import: every layer above core may use them.

/** The one prefix of every id (design: commands, views, settings, context keys). */
export const PREFIX = 'veoStudio';

export const COMMANDS = {
  // generating
  generate: 'veoStudio.generate',
  openGenerator: 'veoStudio.openGenerator',
  generateFromImages: 'veoStudio.generateFromImages',
  generateFromSelection: 'veoStudio.generateFromSelection',
  generateShotList: 'veoStudio.generateShotList',
  saveAsShot: 'veoStudio.saveAsShot',
  // the key
  setApiKey: 'veoStudio.setApiKey',
  clearApiKey: 'veoStudio.clearApiKey',
  // jobs
  retryJob: 'veoStudio.retryJob',
  cancelJob: 'veoStudio.cancelJob',
  resumeJob: 'veoStudio.resumeJob',
  resumeAllJobs: 'veoStudio.resumeAllJobs',
  refreshJobs: 'veoStudio.refreshJobs',
  resetTimings: 'veoStudio.resetTimings',
  removeJob: 'veoStudio.removeJob',
  clearFinishedJobs: 'veoStudio.clearFinishedJobs',
  extendJob: 'veoStudio.extendJob',
  editAndRegenerate: 'veoStudio.editAndRegenerate',
  copyPrompt: 'veoStudio.copyPrompt',
  showJobDetails: 'veoStudio.showJobDetails',
  stopLooking: 'veoStudio.stopLooking',
  markNotCreated: 'veoStudio.markNotCreated',
  showSpending: 'veoStudio.showSpending',
  // videos
  openVideo: 'veoStudio.openVideo',
  revealVideo: 'veoStudio.revealVideo',
  openExternally: 'veoStudio.openExternally',
  // continuity: frames, continuations, takes, comparing
  saveFrame: 'veoStudio.saveFrame',
  continueFromFrame: 'veoStudio.continueFromFrame',
  continueFromLastFrame: 'veoStudio.continueFromLastFrame',
  chooseTake: 'veoStudio.chooseTake',
  // the sequence: a shot list played as one film
  playSequence: 'veoStudio.playSequence',
  compareVideos: 'veoStudio.compareVideos',
  compareWith: 'veoStudio.compareWith',
  // the sequence: exports for editors and the rendered film
  exportSequence: 'veoStudio.exportSequence',
  renderSequence: 'veoStudio.renderSequence',
  // the extension
  showLog: 'veoStudio.showLog',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEWS = {
  /** The activity-bar container. */
  container: 'veoStudio',
  jobs: 'veoStudio.jobs',
  spending: 'veoStudio.spending',
} as const;

/** Commands VS Code itself makes for our contributions and for files. */
export const BUILT_IN = {
  /** `<view id>.focus` exists for every contributed view. */
  focusJobs: `${VIEWS.jobs}.focus`,
  open: 'vscode.open',
  setContext: 'setContext',
  revealInExplorer: 'revealInExplorer',
  revealFileInOS: 'revealFileInOS',
  openSettings: 'workbench.action.openSettings',
} as const;

/**
 * The language model tools the chat agent can call (package.json's `languageModelTools`;
 * VS Code asks for `[\w-]+`, hence the underscore). The continuity tools,
 * veoStudio_saveFrame and veoStudio_continueFromFrame, join this list when they exist.
 */
export const TOOLS = {
  listModels: 'veoStudio_listModels',
  estimateCost: 'veoStudio_estimateCost',
  generateVideo: 'veoStudio_generateVideo',
  getJobs: 'veoStudio_getJobs',
  runShotList: 'veoStudio_runShotList',
  saveFrame: 'veoStudio_saveFrame',
  continueFromFrame: 'veoStudio_continueFromFrame',
} as const;

export type ToolName = (typeof TOOLS)[keyof typeof TOOLS];

/**
 * Commands registered only in the extension's own tests (ExtensionMode.Test) and never
 * contributed: they hand a test what no chat model is there to drive.
 */
export const TEST_COMMANDS = {
  /** The agent tools as registered, and the test-only answer to their confirmations. */
  agentTools: 'veoStudio.test.agentTools',
  /** The renders under way (how far each got), and Cancel for them, as the notification's button would. */
  renders: 'veoStudio.test.renders',
} as const;

/** Webview panel types (the serializers revive panels by these after a reload). */
export const PANELS = {
  generator: 'veoStudio.generator',
  preview: 'veoStudio.preview',
  compare: 'veoStudio.compare',
  sequence: 'veoStudio.sequence',
} as const;

/** Context keys our `when` clauses read. */
export const CONTEXT_KEYS = {
  hasApiKey: 'veoStudio.hasApiKey',
  /** The sidecar files known in the workspace, for "Save as Shot" in the Explorer. */
  sidecarFiles: 'veoStudio.sidecarFiles',
} as const;

/** The settings section and its keys (declared in package.json's `configuration`). */
export const SETTINGS = {
  section: PREFIX,
  apiBaseUrl: 'apiBaseUrl',
  outputFolder: 'outputFolder',
  jobTimeoutMinutes: 'jobTimeoutMinutes',
  maxConcurrentJobs: 'maxConcurrentJobs',
  maxDownloadMB: 'maxDownloadMB',
  budgetPerJobUSD: 'budget.perJobUSD',
  budgetMonthlyUSD: 'budget.monthlyUSD',
  agentToolsEnabled: 'agentTools.enabled',
  /** The ffmpeg that renders sequences (machine-scoped: a path on this computer). */
  ffmpegPath: 'ffmpegPath',
} as const;

/**
 * Settings whose workspace values are ignored until the workspace is trusted (package.json
 * declares the same list as `restrictedConfigurations`): where files go, how long a job may
 * take, how much is downloaded and how many jobs run at once. The others are application-
 * scoped: no workspace sets them at all (ffmpegPath is machine-scoped, and restricted too).
 */
export const RESTRICTED_SETTINGS: ReadonlyArray<(typeof SETTINGS)[Exclude<keyof typeof SETTINGS, 'section'>]> = [
  SETTINGS.outputFolder,
  SETTINGS.jobTimeoutMinutes,
  SETTINGS.maxConcurrentJobs,
  SETTINGS.maxDownloadMB,
  // A program Veo Studio runs: never one a cloned repository names.
  SETTINGS.ffmpegPath,
];

/** Other ids VS Code shows or stores. */
export const OTHER_IDS = {
  statusBarItem: 'veoStudio.running',
  shotListDiagnostics: 'veoStudio.shotList',
  /** SecretStorage entry of the API key. */
  apiKeySecret: 'veoStudio.apiKey',
  /** The read-only "job details" documents. */
  jobDetailsScheme: 'veo-studio-job',
  /** The short-lived panel that decodes frames for commands (not restored after a reload). */
  frameDecoderPanel: 'veoStudio.frameDecoder',
} as const;

/** globalState entries of the VS Code layer (core keeps its own storage keys). */
export const MEMENTO_KEYS = {
  lastModel: 'veoStudio.lastModel',
  lastExtendModel: 'veoStudio.lastExtendModel',
} as const;
