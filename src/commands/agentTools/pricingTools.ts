// The free tools that read the catalog and the price list: veoStudio_listModels (every
// model, its options and its price at the defaults) and veoStudio_estimateCost (one request
// priced by the same step every route takes, with the balance and the budgets).
import * as vscode from 'vscode';
import { catalogText } from '../../core/agent/catalogText';
import { estimateText, type BalanceInfo } from '../../core/agent/spendText';
import { requestFromAgentInput } from '../../core/agent/toolInputs';
import { allModels } from '../../core/catalog/catalog';
import { pricedOptions } from '../../core/money/plan';
import { TOOLS } from '../../platform/ids';
import { budgetLines, priceRequests } from '../../platform/spending';
import { workspaceOnlyArgsContext } from '../../platform/workspaceFolders';
import { defineTool, type AgentTool, type ToolDeps } from './tool';

export function listModelsTool(deps: ToolDeps): AgentTool {
  const { prices } = deps.services;
  return defineTool(deps, {
    name: TOOLS.listModels,
    working: vscode.l10n.t('Reading the Veo models and their prices'),
    lead: 'The models could not be listed.',
    run: async () => {
      const models = allModels();
      const quotes = await Promise.all(models.map((m) => prices.quote(m.id, pricedOptions({ model: m.id, options: {} })).catch(() => undefined)));
      return catalogText(models, new Map(models.map((m, i) => [m.id, quotes[i]])));
    },
  });
}

export function estimateCostTool(deps: ToolDeps): AgentTool {
  const { services } = deps;
  return defineTool(deps, {
    name: TOOLS.estimateCost,
    working: vscode.l10n.t('Estimating the cost of the video'),
    lead: 'No estimate was made.',
    run: async (input) => {
      const request = requestFromAgentInput(input, workspaceOnlyArgsContext);
      const plan = await priceRequests(services, [request]);
      const balance: BalanceInfo = (await services.keys.has())
        ? await services.client.getBalance({ timeoutMs: 5_000 }).then(
            (b): BalanceInfo => ({ kind: 'known', balance: b }),
            (): BalanceInfo => ({ kind: 'unavailable' }),
          )
        : { kind: 'noKey' };
      return estimateText({ request, options: pricedOptions(request), plan, balance, budgetLines: plan.check.passes ? [] : budgetLines(plan) });
    },
  });
}
