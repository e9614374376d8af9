// veoStudio_getJobs: the jobs of this workspace as the model should read them — state,
// time, saved file, cost and what to do next (core/agent/jobsText.ts) — from the JobStore
// every view reads. Free, and it changes nothing.
import * as vscode from 'vscode';
import { jobsText } from '../../core/agent/jobsText';
import { parseJobsQuery, RECENT_JOBS } from '../../core/agent/toolInputs';
import { TOOLS } from '../../platform/ids';
import { relativePath } from './confirmations';
import { defineTool, type AgentTool, type ToolDeps } from './tool';

export function getJobsTool(deps: ToolDeps): AgentTool {
  const { manager } = deps.services;
  return defineTool(deps, {
    name: TOOLS.getJobs,
    working: vscode.l10n.t('Reading Veo Studio’s jobs'),
    lead: 'No jobs were read.',
    run: async (input) => {
      const query = parseJobsQuery(input);
      const jobs = [...manager.store.all()].sort((a, b) => b.createdAt - a.createdAt);
      return jobsText(query, jobs, { now: Date.now(), relative: relativePath }, RECENT_JOBS);
    },
  });
}
