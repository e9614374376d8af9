// veoStudio_runShotList: a *.veo.json shot list, confirmed as a plan (each shot that will be
// sent, its price, the total, the balance, any budget passed) and then run by the one shot
// list command in its argument form — the same checks (and Problems panel), price, budget
// rule and runner as "Generate Shot List" — with its jobs marked as the agent's. A
// confirmation holds for the file's text as it was shown: an edit since asks again.
import * as vscode from 'vscode';
import { ValidationError } from '../../core/api/errors';
import { confirmationKey } from '../../core/agent/prepared';
import { shotListSentText } from '../../core/agent/spendText';
import { parseShotListInput } from '../../core/agent/toolInputs';
import { isShotListFile } from '../../core/shotList/format';
import { describeIssue } from '../../core/shotList/parse';
import { hasErrors, planShotList, type ShotListPlan } from '../../core/shotList/validate';
import { COMMANDS, TOOLS } from '../../platform/ids';
import { readSettings } from '../../platform/settings';
import { priceRequests } from '../../platform/spending';
import { folderForJob, outputFolderFor, workspaceOnlyArgsContext, workspaceRoots } from '../../platform/workspaceFolders';
import type { ShotListRunSummary } from '../shotList/generate';
import type { GenerateShotListArgs } from '../shotList/targetFile';
import { whatToSend } from '../shotList/whatToSend';
import { relativePath, shotListConfirmation } from './confirmations';
import { CANCELLED_TEXT, DECLINED_TEXT, NO_KEY_TEXT } from './results';
import { defineTool, type AgentTool, type ToolDeps } from './tool';

const NAME = TOOLS.runShotList;

/** Every shot saved and matching its take, or on its way: a run would send nothing, and costs nothing. */
const NOTHING_TO_SEND_TEXT =
  'Nothing was sent: every shot of the list is saved and matches its take, or is being generated. To make a shot again, change it (or raise its "takes") and call veoStudio_runShotList again.';

interface Loaded {
  readonly uri: vscode.Uri;
  readonly text: string;
  readonly plan: ShotListPlan;
}

/** The shot list the input names, inside the workspace, with its text (as the editor has it) and its plan. */
async function load(input: unknown): Promise<Loaded> {
  const file = parseShotListInput(input);
  const resolved = workspaceOnlyArgsContext.resolvePath(file);
  if (!resolved) throw new ValidationError([{ field: 'file', message: `There is no file "${file}" in the workspace.` }]);
  if (!isShotListFile(resolved)) throw new ValidationError([{ field: 'file', message: `"${file}" is not a shot list: shot lists are *.veo.json files.` }]);
  const uri = vscode.Uri.file(resolved);
  const text = (await vscode.workspace.openTextDocument(uri)).getText();
  return { uri, text, plan: await planShotList(text, { file: uri.fsPath, roots: workspaceRoots() }) };
}

function problemsText(plan: ShotListPlan): string {
  const errors = plan.issues.filter((i) => i.severity === 'error');
  return [
    `Nothing was sent: ${relativePath(plan.file)} has ${errors.length} problem(s). Fix them in the file, then call veoStudio_runShotList again:`,
    ...errors.map((i) => `- ${describeIssue(i)}`),
  ].join('\n');
}

/** The folders the shots' videos go to, workspace-relative. */
async function folders(plan: ShotListPlan): Promise<string[]> {
  const workspaceFolder = await folderForJob({ media: {} }, { ask: false, hint: plan.file });
  const out = new Set<string>();
  for (const shot of plan.shots) {
    try {
      out.add(relativePath(outputFolderFor({ request: shot.request, ...(workspaceFolder ? { workspaceFolder } : {}) })));
    } catch {
      // The run reports a folder it cannot use.
    }
  }
  return [...out];
}

export function runShotListTool(deps: ToolDeps): AgentTool {
  const { services, gate } = deps;
  return defineTool(deps, {
    name: NAME,
    working: vscode.l10n.t('Sending the shot list to Veo'),
    lead: 'Nothing was sent.',
    prepare: async (input) => {
      const { uri, text, plan } = await load(input);
      if (hasErrors(plan) || !(await services.keys.has())) return undefined;
      const send = await whatToSend(services, uri.fsPath, plan);
      if (!send.entries.length) return undefined;
      const priced = await priceRequests(services, send.entries.map((e) => e.shot.request));
      const confirmation = await shotListConfirmation(services, NAME, plan, send, priced);
      return gate.prepare(NAME, confirmationKey(NAME, input, text), confirmation, vscode.l10n.t('Sending the shot list to Veo'));
    },
    run: async (input, _options, token) => {
      const { uri, text, plan } = await load(input);
      if (hasErrors(plan)) return problemsText(plan);
      if (!(await services.keys.has())) return NO_KEY_TEXT;
      // What the run sends: shots not generated yet or changed since their take.
      const send = await whatToSend(services, uri.fsPath, plan);
      if (!send.entries.length) return NOTHING_TO_SEND_TEXT;
      const priced = await priceRequests(services, send.entries.map((e) => e.shot.request));
      const approval = await gate.approve(NAME, confirmationKey(NAME, input, text), priced.check.passes, () => shotListConfirmation(services, NAME, plan, send, priced));
      if (!approval.approved) return DECLINED_TEXT;
      if (token.isCancellationRequested) return CANCELLED_TEXT;
      const args: GenerateShotListArgs = { file: uri, confirm: false, allowOverBudget: approval.overBudget, origin: 'agent' };
      const summary = await vscode.commands.executeCommand<ShotListRunSummary | undefined>(COMMANDS.generateShotList, args);
      if (!summary) return 'Nothing was sent.';
      if (!summary.jobIds.length && !summary.problems.length && !summary.failed.length && !summary.notSent.length) return NOTHING_TO_SEND_TEXT;
      if (!summary.jobIds.length && summary.problems.length) {
        return ['Nothing was sent: the shot list has problems (it may have changed since it was checked):', ...summary.problems.map((p) => `- ${p}`)].join('\n');
      }
      services.log.info(`agent tool ${NAME}: ${summary.jobIds.length} job(s) from ${uri.fsPath}`);
      return shotListSentText({
        file: relativePath(uri.fsPath),
        jobIds: summary.jobIds,
        failed: summary.failed,
        notSent: summary.notSent,
        totalUsd: priced.totalUsd,
        unpriced: priced.unpriced,
        folders: await folders(plan),
        maxConcurrent: readSettings(uri).maxConcurrentJobs,
      });
    },
  });
}
