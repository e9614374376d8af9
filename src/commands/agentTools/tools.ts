// Every agent tool, built once, each `(deps) => AgentTool`; the ones that spend
// (generateVideo, runShotList, continueFromFrame) confirm through the SpendGate.
import { continueFromFrameTool } from './continueFromFrame';
import { generateVideoTool } from './generateVideo';
import { getJobsTool } from './getJobs';
import { estimateCostTool, listModelsTool } from './pricingTools';
import { runShotListTool } from './runShotList';
import { saveFrameTool } from './saveFrame';
import type { AgentTool, ToolDeps } from './tool';

export function agentTools(deps: ToolDeps): readonly AgentTool[] {
  return [listModelsTool(deps), estimateCostTool(deps), generateVideoTool(deps), getJobsTool(deps), runShotListTool(deps), saveFrameTool(deps), continueFromFrameTool(deps)];
}
