// Helpers for suites that run inside the extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VeoStudioApi } from '../../src/extension';
import type { Job } from '../../src/core/jobs/job';
import { SimulatorControl } from '../simulator/control';

export const EXTENSION_ID = 'veo-studio.veo-studio';

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the in-host suites through the test driver`);
  return value;
}

export const sim = () => new SimulatorControl(env('VEO_SIM_API_URL'));

/** Registers a `before` in the calling `describe` that activates Veo Studio and stores the simulator's key. */
export function useSimKey(): void {
  before(async () => {
    await api();
    await vscode.commands.executeCommand('veoStudio.setApiKey', env('VEO_SIM_KEY'));
  });
}

export async function api(): Promise<VeoStudioApi> {
  const ext = vscode.extensions.getExtension<VeoStudioApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** Resolves with the job once `done(job)` holds, watching store events (and checking now). */
export async function waitForJob(id: string, done: (job: Job) => boolean, timeoutMs = 30_000): Promise<Job> {
  const veo = await api();
  return new Promise<Job>((resolve, reject) => {
    const check = () => {
      const job = veo.jobs().find((j) => j.id === id);
      if (job && done(job)) {
        finish();
        resolve(job);
      }
    };
    const subscription = veo.onDidChangeJobs(check);
    const timer = setTimeout(() => {
      finish();
      const job = veo.jobs().find((j) => j.id === id);
      reject(new Error(`job ${id} did not reach the expected state in ${timeoutMs} ms; it is ${JSON.stringify(job?.status)} ${job?.error?.message ?? ''}`));
    }, timeoutMs);
    const finish = () => {
      subscription.dispose();
      clearTimeout(timer);
    };
    check();
  });
}

/** Generates a short text-to-video clip (4 s, 720p) and resolves with its job once saved. */
export async function completed(prompt: string): Promise<Job> {
  const id = await vscode.commands.executeCommand<string>('veoStudio.generate', { model: 'google/veo-3.1-t2v-fast', prompt, options: { duration: 4, resolution: '720p' } });
  const job = await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
  assert.equal(job.status, 'completed', job.error?.message);
  return job;
}

/** Every status the jobs matching `which` pass through from now on, recorded in order. */
export async function recordStatuses(which: (job: Job) => boolean): Promise<{ statuses: string[]; dispose(): void }> {
  const veo = await api();
  const statuses: string[] = [];
  const sub = veo.onDidChangeJobs(({ job }) => {
    if (which(job) && statuses.at(-1) !== job.status) statuses.push(job.status);
  });
  return { statuses, dispose: () => sub.dispose() };
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return folder.uri.fsPath;
}

/** Writes a JSON document (a shot list, a sidecar) into the test workspace; returns its path. */
export function writeList(relative: string, doc: unknown): string {
  const file = path.join(workspaceRoot(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  return file;
}
