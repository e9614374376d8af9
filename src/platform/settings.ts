// Typed access to the extension's settings. Every setting is declared once, in
// package.json; this is the only place that reads them. What a workspace may set is decided
// here, one rule for all (settingValues.ts): application settings (the API address, the
// budgets, the agent's switch) are only ever the person's own; the restricted ones
// (RESTRICTED_SETTINGS: where files go, timeouts, download size, jobs at once, the ffmpeg
// that is run) ignore the workspace's values until it is trusted.
import * as vscode from 'vscode';
import { DEFAULT_API_BASE_URL } from '../core/api/client';
import type { Budgets } from '../core/money/budget';
import { RESTRICTED_SETTINGS, SETTINGS } from './ids';
import { effectiveValue, type SettingReach } from './settingValues';

export interface Settings {
  readonly apiBaseUrl: string;
  readonly outputFolder: string;
  readonly jobTimeoutMinutes: number;
  readonly maxConcurrentJobs: number;
  readonly maxDownloadMB: number;
  /** The person's budgets; unset means no limit. */
  readonly budgets: Budgets;
  /** Whether the chat agent may use Veo Studio's tools. */
  readonly agentToolsEnabled: boolean;
  /** The ffmpeg to render with, when the person named one (else the PATH's). */
  readonly ffmpegPath?: string;
}

type SettingKey = (typeof SETTINGS)[Exclude<keyof typeof SETTINGS, 'section'>];

/** Application-scoped in package.json: no workspace can set them. */
const APPLICATION: ReadonlySet<SettingKey> = new Set([SETTINGS.apiBaseUrl, SETTINGS.budgetPerJobUSD, SETTINGS.budgetMonthlyUSD, SETTINGS.agentToolsEnabled]);
const RESTRICTED: ReadonlySet<SettingKey> = new Set(RESTRICTED_SETTINGS);

function reachOf(key: SettingKey): SettingReach {
  return APPLICATION.has(key) ? 'application' : RESTRICTED.has(key) ? 'restricted' : 'any';
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS.section, scope);
  const trusted = vscode.workspace.isTrusted;
  const value = <T>(key: SettingKey): T | undefined => effectiveValue(c.inspect<T>(key), reachOf(key), trusted);
  return {
    // A workspace's settings must not be able to send the key elsewhere.
    apiBaseUrl: value<string>(SETTINGS.apiBaseUrl) || DEFAULT_API_BASE_URL,
    outputFolder: value<string>(SETTINGS.outputFolder) || 'videos',
    jobTimeoutMinutes: clamp(value<number>(SETTINGS.jobTimeoutMinutes) ?? 20, 1, 24 * 60),
    maxConcurrentJobs: clamp(value<number>(SETTINGS.maxConcurrentJobs) ?? 3, 1, 20),
    maxDownloadMB: clamp(value<number>(SETTINGS.maxDownloadMB) ?? 1024, 1, 100_000),
    // Only the person's own settings, never a workspace's, set what may be spent.
    budgets: {
      ...budget(value<number | null>(SETTINGS.budgetPerJobUSD), 'perJobUSD'),
      ...budget(value<number | null>(SETTINGS.budgetMonthlyUSD), 'monthlyUSD'),
    },
    // A cloned repository cannot turn the agent's tools back on.
    agentToolsEnabled: value<boolean>(SETTINGS.agentToolsEnabled) !== false,
    ...ffmpegPath(value<string>(SETTINGS.ffmpegPath)),
  };
}

function ffmpegPath(value: string | undefined): Pick<Settings, 'ffmpegPath'> {
  return typeof value === 'string' && value.trim() ? { ffmpegPath: value.trim() } : {};
}

function budget(value: number | null | undefined, key: keyof Budgets): Budgets {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { [key]: value } : {};
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}
