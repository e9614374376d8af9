// veoStudio_continueFromFrame: the next clip of a shot, starting from a frame of the one
// before — the request Continue from Frame builds (core/frames/continuation.ts: the same
// family of model, the prompt given, the clip's options the new model has), confirmed like
// veoStudio_generateVideo through the SpendGate, then sent by the one unattended path with
// the job marked as the agent's and hung under the clip it continues. From a video, the
// frame is read and saved only once the person said yes: the confirmation names the frame
// it will be, and a no leaves nothing behind.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ValidationError } from '../../core/api/errors';
import { frameFailedText } from '../../core/agent/frameText';
import { confirmationKey } from '../../core/agent/prepared';
import { sentText } from '../../core/agent/spendText';
import { checkContinuationModel, continuationModels, parseContinueInput, requestFromAgentInput, type ContinueInput, type FrameTime } from '../../core/agent/toolInputs';
import { continuationArgs } from '../../core/frames/continuation';
import { frameStem } from '../../core/frames/frameName';
import type { JobRequest } from '../../core/jobs/job';
import { continuationSourceOf, framesFolderFor } from '../../platform/frames';
import { TOOLS } from '../../platform/ids';
import type { Services } from '../../platform/services';
import { priceRequests } from '../../platform/spending';
import { videoOfFrame, type VideoRef } from '../../platform/videoRefs';
import { folderForJob, workspaceOnlyArgsContext } from '../../platform/workspaceFolders';
import { submitUnattended } from '../submitUnattended';
import { plannedVideoPath, relativePath, videoConfirmation, type ConfirmationExtras } from './confirmations';
import { agentFrame, agentVideo, FrameUnreadable, readFrame } from './frameSource';
import { CANCELLED_TEXT, DECLINED_TEXT, NO_KEY_TEXT } from './results';
import { defineTool, type AgentTool, type ToolDeps } from './tool';

const NAME = TOOLS.continueFromFrame;
const LEAD = 'Nothing was sent.';

/** What a continuation input comes to: the clip it continues, the frame, and the checked request. */
interface Continuation {
  readonly input: ContinueInput;
  /** The clip it continues, when known. */
  readonly ref?: VideoRef;
  /** The saved frame it starts from; undefined while the frame of a video is still to be read. */
  readonly frame?: string;
  readonly request: JobRequest;
  readonly workspaceFolder?: string;
}

function atText(at: FrameTime): string {
  return at === 'last' ? vscode.l10n.t('the last frame') : at === 'first' ? vscode.l10n.t('the first frame') : vscode.l10n.t('the frame at {0} s', at);
}

/** The frame is the start image: a problem with `images` is a problem with the frame. */
function asFrameIssues(error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  return new ValidationError(error.issues.map((i) => (/^images(\[0\])?$/.test(i.field) ? { field: 'frame', message: i.message } : i)));
}

/**
 * The continuation `raw` asks for. `frameRead` is the frame of the video once read; before
 * that the request carries where frames of that video go, which prices and checks the same.
 */
async function continuation(services: Services, raw: unknown, frameRead?: string): Promise<Continuation> {
  const input = parseContinueInput(raw);
  if (input.model !== undefined) checkContinuationModel(input.model);
  const jobs = services.manager.store;
  let ref: VideoRef | undefined;
  let frame: string | undefined;
  if (input.from.kind === 'video') {
    ref = await agentVideo(jobs, input.from.video);
    frame = frameRead;
  } else {
    frame = await agentFrame(input.from.frame);
    ref = input.from.video !== undefined ? await agentVideo(jobs, input.from.video) : await videoOfFrame(jobs, frame);
  }
  const source = ref ? await continuationSourceOf(ref) : undefined;
  if (!source && input.model === undefined) {
    const what = ref ? path.basename(ref.file) : relativePath(frame!);
    throw new ValidationError([
      {
        field: 'model',
        message: `Veo Studio does not know how the clip of ${what} was made (no job, no sidecar), so give model: one that takes a start image (${continuationModels().map((m) => m.id).join(', ')}).`,
      },
    ]);
  }
  const startImage = frame ?? path.join(framesFolderFor(ref!), `${frameStem(ref!.file, 0)}.png`);
  const args = continuationArgs(source ?? { model: input.model!, prompt: input.prompt, options: {} }, startImage, {
    ...(input.model !== undefined ? { model: input.model } : {}),
    prompt: input.prompt,
    ...(input.options ? { options: input.options } : {}),
    ...(input.lastImage !== undefined ? { lastImage: input.lastImage } : {}),
  });
  let request: JobRequest;
  try {
    request = requestFromAgentInput({ ...args, ...(input.outputFolder ? { outputFolder: input.outputFolder } : {}), ...(input.outputName ? { outputName: input.outputName } : {}) }, workspaceOnlyArgsContext);
  } catch (error) {
    throw asFrameIssues(error);
  }
  const workspaceFolder = ref?.job?.workspaceFolder ?? (await folderForJob(request, { ask: false, hint: ref?.file ?? frame }));
  return { input, ...(ref ? { ref } : {}), ...(frame ? { frame } : {}), request, ...(workspaceFolder ? { workspaceFolder } : {}) };
}

/** What the confirmation says besides the request: the clip continued, and the frame (to be read, or saved). */
async function extras(c: Continuation): Promise<ConfirmationExtras> {
  const from = c.input.from;
  const frameText =
    from.kind === 'video'
      ? vscode.l10n.t('{0} of {1}, saved into {2} when you approve', atText(from.at), relativePath(c.ref!.file), relativePath(framesFolderFor(c.ref!)))
      : relativePath(c.frame!);
  const savedAs = await plannedVideoPath(c.request, c.workspaceFolder);
  return {
    media: { image_url: frameText },
    lines: c.ref ? [{ label: vscode.l10n.t('Continues'), text: relativePath(c.ref.file) }] : [],
    ...(savedAs ? { savedAs } : {}),
  };
}

export function continueFromFrameTool(deps: ToolDeps): AgentTool {
  const { services, gate } = deps;
  const confirmation = async (c: Continuation, plan: Awaited<ReturnType<typeof priceRequests>>) => videoConfirmation(services, NAME, c.request, plan, await extras(c));

  return defineTool(deps, {
    name: NAME,
    working: vscode.l10n.t('Sending the continuation to Veo'),
    lead: LEAD,
    prepare: async (input) => {
      const c = await continuation(services, input);
      if (!(await services.keys.has())) return undefined;
      const plan = await priceRequests(services, [c.request]);
      return gate.prepare(NAME, confirmationKey(NAME, input), await confirmation(c, plan), vscode.l10n.t('Sending the continuation to Veo'));
    },
    run: async (input, _options, token) => {
      let c = await continuation(services, input);
      if (!(await services.keys.has())) return NO_KEY_TEXT;
      const plan = await priceRequests(services, [c.request]);
      const approval = await gate.approve(NAME, confirmationKey(NAME, input), plan.check.passes, () => confirmation(c, plan));
      if (!approval.approved) return DECLINED_TEXT;
      if (token.isCancellationRequested) return CANCELLED_TEXT;
      if (c.input.from.kind === 'video') {
        // The person said yes: now the frame is read and saved, and the request starts from it.
        try {
          const frame = await readFrame(c.ref!, c.input.from.at);
          c = await continuation(services, input, frame.file);
        } catch (error) {
          if (error instanceof FrameUnreadable) return frameFailedText(error.message, `${LEAD} Nothing was billed.`);
          throw error;
        }
      }
      if (token.isCancellationRequested) return CANCELLED_TEXT;
      const savedAs = (await plannedVideoPath(c.request, c.workspaceFolder)) ?? 'the output folder';
      const job = await submitUnattended(services, c.request, {
        allowOverBudget: approval.overBudget,
        origin: 'agent',
        what: vscode.l10n.t('this continuation'),
        ...(c.workspaceFolder ? { workspaceFolder: c.workspaceFolder } : {}),
        ...(c.ref?.job ? { parentId: c.ref.job.id } : {}),
      });
      services.log.info(`agent tool ${NAME}: sent job ${job.id} from ${c.frame}`);
      return sentText({
        id: job.id,
        model: job.request.model,
        options: job.request.options,
        ...(job.estimate ? { estimateUsd: job.estimate.usd, estimateBasis: job.estimate.basis } : {}),
        savedAs: job.output ? relativePath(job.output.file) : savedAs,
        unconfirmed: job.status === 'unconfirmed',
        tool: NAME,
        continues: { ...(c.ref ? { video: relativePath(c.ref.file) } : {}), frame: relativePath(c.frame!) },
      });
    },
  });
}
