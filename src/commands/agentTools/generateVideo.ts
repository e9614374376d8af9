// veoStudio_generateVideo: one video from the `veoStudio.generate` argument object, sent by
// the same path as the argument form (submitUnattended: price, budget rule, JobManager)
// once the person said yes to it (spendGate.ts), marked as the agent's. It answers at once
// with the job id and where the video will be saved; the Jobs view, notifications and the
// ledger take it from there like any other job.
import * as vscode from 'vscode';
import { confirmationKey } from '../../core/agent/prepared';
import { sentText } from '../../core/agent/spendText';
import { requestFromAgentInput } from '../../core/agent/toolInputs';
import type { JobRequest } from '../../core/jobs/job';
import { TOOLS } from '../../platform/ids';
import { priceRequests } from '../../platform/spending';
import { workspaceOnlyArgsContext } from '../../platform/workspaceFolders';
import { submitUnattended } from '../submitUnattended';
import { plannedVideoPath, sentJobFacts, videoConfirmation } from './confirmations';
import { CANCELLED_TEXT, DECLINED_TEXT, NO_KEY_TEXT } from './results';
import { defineTool, type AgentTool, type ToolDeps } from './tool';

const NAME = TOOLS.generateVideo;

export function generateVideoTool(deps: ToolDeps): AgentTool {
  const { services, gate } = deps;
  const request = (input: unknown): JobRequest => requestFromAgentInput(input, workspaceOnlyArgsContext);

  return defineTool(deps, {
    name: NAME,
    working: vscode.l10n.t('Sending the video request to Veo'),
    lead: 'Nothing was generated.',
    // Nothing to confirm for an input that cannot be sent (invoke says why).
    prepare: async (input) => {
      const checked = request(input);
      if (!(await services.keys.has())) return undefined;
      const plan = await priceRequests(services, [checked]);
      return gate.prepare(NAME, confirmationKey(NAME, input), await videoConfirmation(services, NAME, checked, plan), vscode.l10n.t('Sending the video request to Veo'));
    },
    run: async (input, _options, token) => {
      const checked = request(input);
      if (!(await services.keys.has())) return NO_KEY_TEXT;
      const plan = await priceRequests(services, [checked]);
      const approval = await gate.approve(NAME, confirmationKey(NAME, input), plan.check.passes, () => videoConfirmation(services, NAME, checked, plan));
      if (!approval.approved) return DECLINED_TEXT;
      if (token.isCancellationRequested) return CANCELLED_TEXT;
      const savedAs = (await plannedVideoPath(checked)) ?? 'the output folder';
      const job = await submitUnattended(services, checked, { allowOverBudget: approval.overBudget, origin: 'agent' });
      services.log.info(`agent tool ${NAME}: sent job ${job.id}`);
      return sentText(sentJobFacts(job, savedAs));
    },
  });
}
