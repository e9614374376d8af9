// Typed access to the extension's settings. Every setting is declared once, in
// package.json; this is the only place that reads them.
import * as vscode from 'vscode';
import { DEFAULT_API_BASE_URL } from '../core/api/client';
import type { Budgets } from '../core/money/budget';
import { SETTINGS } from './ids';

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
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS.section, scope);
  return {
    // Application scope only: a workspace's settings must not be able to send the key elsewhere.
    apiBaseUrl: c.inspect<string>(SETTINGS.apiBaseUrl)?.globalValue ?? DEFAULT_API_BASE_URL,
    outputFolder: c.get<string>(SETTINGS.outputFolder) || 'videos',
    jobTimeoutMinutes: clamp(c.get<number>(SETTINGS.jobTimeoutMinutes) ?? 20, 1, 24 * 60),
    maxConcurrentJobs: clamp(c.get<number>(SETTINGS.maxConcurrentJobs) ?? 3, 1, 20),
    maxDownloadMB: clamp(c.get<number>(SETTINGS.maxDownloadMB) ?? 1024, 1, 100_000),
    // Application scope: only the person's own settings, never a workspace's, set what may be spent.
    budgets: {
      ...budget(c.inspect<number | null>(SETTINGS.budgetPerJobUSD)?.globalValue, 'perJobUSD'),
      ...budget(c.inspect<number | null>(SETTINGS.budgetMonthlyUSD)?.globalValue, 'monthlyUSD'),
    },
    // Application scope too: a cloned repository cannot turn the agent's tools back on.
    agentToolsEnabled: c.inspect<boolean>(SETTINGS.agentToolsEnabled)?.globalValue !== false,
  };
}

function budget(value: number | null | undefined, key: keyof Budgets): Budgets {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { [key]: value } : {};
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}
