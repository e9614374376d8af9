// Every agent tool, built once. The continuity tools (veoStudio_saveFrame, and
// veoStudio_continueFromFrame, which confirms like generateVideo through the SpendGate)
// are added to this list with the same shape: `(deps) => AgentTool`.
import { generateVideoTool } from './generateVideo';
import { getJobsTool } from './getJobs';
import { estimateCostTool, listModelsTool } from './pricingTools';
import { runShotListTool } from './runShotList';
import type { AgentTool, ToolDeps } from './tool';

export function agentTools(deps: ToolDeps): readonly AgentTool[] {
  return [listModelsTool(deps), estimateCostTool(deps), generateVideoTool(deps), getJobsTool(deps), runShotListTool(deps)];
}
