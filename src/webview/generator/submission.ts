// A submit from the generator page, carried out: every file the page names is checked
// again (the page could have been told anything), the key must be set, the video needs a
// workspace folder to be saved in, and 2–4 variations become separate jobs with distinct
// random seeds. The answer says what happened in words for the page, with the problems by
// field when the service or the checks refused something.
import { randomInt } from 'node:crypto';
import * as vscode from 'vscode';
import { ApiError, AuthError, ValidationError } from '../../core/api/errors';
import { findModel, option, unknownModel, type FieldIssue } from '../../core/catalog/catalog';
import { MEDIA_KINDS, mediaFromLists, refsOf, type MediaField } from '../../core/catalog/media';
import type { IntegerOption } from '../../core/catalog/types';
import type { JobRequest, MediaRef, RequestMedia } from '../../core/jobs/job';
import type { VeoClient } from '../../core/api/client';
import type { JobManager } from '../../core/jobs/jobManager';
import type { PriceBook } from '../../core/money/priceBook';
import type { Log } from '../../platform/log';
import { approveSpend } from '../../platform/spending';
import { folderForJob } from '../../platform/workspaceFolders';
import type { MediaIntake } from './mediaIntake';
import type { Draft } from './messages';

export interface SubmitDeps {
  readonly manager: Pick<JobManager, 'submit' | 'store'>;
  readonly prices: Pick<PriceBook, 'quote'>;
  readonly client: Pick<VeoClient, 'getBalance'>;
  readonly keys: { has(): Promise<boolean> };
  readonly intake: Pick<MediaIntake, 'checkRef'>;
  readonly log: Log;
  /** The job a request continues (its frame is the request's image), if any: the new job sits under it. */
  readonly parentOf?: (media: RequestMedia) => string | undefined;
}

export type SubmitAnswer =
  | { readonly type: 'submitted'; readonly jobIds: string[]; readonly message: string; readonly warning?: string }
  | { readonly type: 'submitFailed'; readonly message: string; readonly issues: FieldIssue[]; readonly needsKey: boolean };

const failed = (message: string, issues: readonly FieldIssue[] = [], needsKey = false): SubmitAnswer => ({ type: 'submitFailed', message, issues: [...issues], needsKey });

export async function submitDraft(deps: SubmitDeps, draft: Draft, variations: number): Promise<SubmitAnswer> {
  const model = findModel(draft.model);
  if (!model) return failed(vscode.l10n.t('Choose a model.'), [unknownModel(draft.model)]);

  // Every file the page names is checked again here: in the workspace, or chosen in the dialog.
  const lists: Partial<Record<MediaField, MediaRef[]>> = {};
  const issues: FieldIssue[] = [];
  for (const { field } of MEDIA_KINDS) {
    try {
      lists[field] = refsOf(draft.media, field).map((r) => deps.intake.checkRef(r));
    } catch (error) {
      issues.push({ field, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (issues.length) return failed(vscode.l10n.t('Some files cannot be used; see the marked fields.'), issues);
  const media: RequestMedia = mediaFromLists(lists);
  const hasKey = await deps.keys.has().catch((error: unknown) => error);
  if (hasKey instanceof Error) return failed(hasKey.message);
  if (!hasKey) return failed(vscode.l10n.t('Set your AI/ML API key to generate videos.'), [], true);

  const request: JobRequest = { model: model.id, prompt: draft.prompt, media, options: draft.options };
  const seed = option(model, 'seed');
  const count = seed?.kind === 'integer' ? variations : 1;
  const seeds = count > 1 ? distinctSeeds(count, seed as IntegerOption) : undefined;
  const workspaceFolder = await folderForJob(request, { ask: true });
  if (!workspaceFolder) return failed(vscode.l10n.t('Choose the workspace folder the video should be saved in.'));

  // One price and one budget question for all the variations together.
  const requests = Array.from({ length: count }, (_, i) => (seeds ? { ...request, options: { ...request.options, seed: seeds[i]! } } : request));
  const plan = await approveSpend(deps, requests, { what: count === 1 ? vscode.l10n.t('this video') : vscode.l10n.t('{0} videos', count), interactive: true });
  if (!plan) return failed(vscode.l10n.t('Not sent: it would pass your budget. Change the options, or raise veoStudio.budget in your settings.'));

  const parentId = deps.parentOf?.(media);
  const started: string[] = [];
  let problem: unknown;
  for (let i = 0; i < count; i++) {
    const estimate = plan.estimates[i];
    try {
      const job = await deps.manager.submit({ request: requests[i]!, workspaceFolder, ...(parentId ? { parentId } : {}), ...(estimate ? { estimate } : {}) });
      started.push(job.id);
    } catch (error) {
      problem = error;
      break;
    }
  }
  if (!started.length) {
    if (problem instanceof ValidationError) {
      return failed(
        problem.serviceMessage
          ? vscode.l10n.t('The service refused the request: {0}', problem.serviceMessage)
          : vscode.l10n.t('The request is not valid; see the marked fields.'),
        problem.issues,
      );
    }
    if (problem instanceof AuthError) return failed(problem.message, [], true);
    deps.log.error('Generator panel: submit failed', problem);
    return failed(problem instanceof ApiError || problem instanceof Error ? problem.message : String(problem));
  }
  const message =
    started.length === 1
      ? vscode.l10n.t('Job started. The Jobs view follows it; the form stays as it is for the next one.')
      : vscode.l10n.t('{0} jobs started, each with its own random seed. The Jobs view follows them.', started.length);
  return {
    type: 'submitted',
    jobIds: started,
    message,
    ...(problem !== undefined
      ? { warning: vscode.l10n.t('Only {0} of {1} started: {2}', started.length, count, problem instanceof Error ? problem.message : String(problem)) }
      : {}),
  };
}

/** `count` different random seeds within the option's range. */
function distinctSeeds(count: number, spec: IntegerOption): number[] {
  const seeds = new Set<number>();
  while (seeds.size < count) seeds.add(randomInt(spec.min, Math.min(spec.max, spec.min + 2 ** 47) + 1));
  return [...seeds];
}
