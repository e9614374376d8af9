// The agent tools as package.json contributes them (`contributes.languageModelTools`): one
// source for the manifest, written into package.json by `npm run manifest:tools` and held
// to it by test/unit/agentTools.unit.test.ts. The input schemas come from the catalog
// (core/agent/toolSchemas.ts); the model descriptions are written for a model — when to use
// the tool, what each field means, what it returns, and that generating costs money.
// No `vscode` import: the manifest writer and the unit tests load this under plain Node.
import {
  continueInputJsonSchema,
  generateInputJsonSchema,
  jobsQueryJsonSchema,
  noInputJsonSchema,
  saveFrameInputJsonSchema,
  shotListInputJsonSchema,
  type JsonSchema,
} from '../../core/agent/toolSchemas';
import { SETTINGS, TOOLS, type ToolName } from '../../platform/ids';

export interface ToolContribution {
  readonly name: ToolName;
  readonly displayName: string;
  readonly toolReferenceName: string;
  readonly canBeReferencedInPrompt: boolean;
  readonly icon: string;
  readonly userDescription: string;
  readonly modelDescription: string;
  readonly tags: readonly string[];
  readonly when: string;
  readonly inputSchema: JsonSchema;
}

/** The tools leave the agent's list when the person turns them off (VS Code reads `config.*` in `when`). */
const WHEN = `config.${SETTINGS.section}.${SETTINGS.agentToolsEnabled}`;
const TAGS = ['veo-studio', 'video'] as const;

const MEDIA_FIELDS =
  'the media the model takes (images: an array with one start image; lastImage: the last frame; referenceImages: 1 to 3 images; video: a video to extend; each a path relative to a workspace folder, or an https URL — nothing outside the workspace)';

const ARGS_FIELDS = `model (a model id from veoStudio_listModels), prompt (what the video shows), ${MEDIA_FIELDS}, options (the service's field names, such as duration, resolution, aspect_ratio, generate_audio, negative_prompt, seed; leave one out for its default), outputFolder and outputName (where the video is saved, inside the workspace)`;

type Own = Pick<ToolContribution, 'toolReferenceName' | 'icon' | 'modelDescription' | 'inputSchema'>;

/** One tool, its fields in the order the manifest lists them. */
function tool(key: keyof typeof TOOLS, own: Own): ToolContribution {
  return {
    name: TOOLS[key],
    displayName: `%tool.${key}.displayName%`,
    toolReferenceName: own.toolReferenceName,
    canBeReferencedInPrompt: true,
    icon: own.icon,
    userDescription: `%tool.${key}.userDescription%`,
    modelDescription: own.modelDescription,
    tags: TAGS,
    when: WHEN,
    inputSchema: own.inputSchema,
  };
}

/** Every tool, in the order package.json lists them. */
export function toolContributions(): readonly ToolContribution[] {
  return [
    tool('listModels', {
      toolReferenceName: 'veoModels',
      icon: '$(list-unordered)',
      modelDescription:
        "Lists the video models Veo Studio can use (Google Veo 3.1 through the AI/ML API). For each model: its id, what it takes (a prompt only, a start image, first and last frames, reference images, or a video to extend, and which are required), its options with their allowed values and defaults, and its current price per second at the defaults where the live price list gives one. Use it to pick a model and valid option values before veoStudio_estimateCost or veoStudio_generateVideo. Takes no input; free (it sends no video request).",
      inputSchema: noInputJsonSchema(),
    }),
    tool('estimateCost', {
      toolReferenceName: 'veoEstimate',
      icon: '$(credit-card)',
      modelDescription: `Prices one video request without sending it. The input is the same object as veoStudio_generateVideo: ${ARGS_FIELDS}. Returns the estimate in USD with its basis (for example "8 s × $0.40/s · 1080p · with audio"), the person's account balance, and whether the person's budget (their veoStudio.budget settings) would be passed. The request is checked exactly as generating would check it: an invalid field comes back as text naming the field and its allowed values. Free: nothing is generated or billed. Use it when the person asks what a video would cost, or to compare options.`,
      inputSchema: generateInputJsonSchema(),
    }),
    tool('generateVideo', {
      toolReferenceName: 'veoGenerate',
      icon: '$(device-camera-video)',
      modelDescription: `Generates one video clip with Google Veo 3.1 through Veo Studio. This COSTS THE PERSON MONEY: their AI/ML API account is billed for every video made, by its length and options (veoStudio_estimateCost gives the price). So the person is always shown the model, prompt, images, options, estimated cost, balance and budget, and must approve before anything is sent; call it only when the person wants the video made, and once per video. Input: ${ARGS_FIELDS}. It returns at once with the job id and the path the video will be saved to; it does not wait for the video (Veo takes one to three minutes). Follow the job with veoStudio_getJobs; never call this tool again for the same video, which would make and bill a second one. Problems come back as text naming the field to fix; without an API key the text says so and what the person must do.`,
      inputSchema: generateInputJsonSchema(),
    }),
    tool('getJobs', {
      toolReferenceName: 'veoJobs',
      icon: '$(pulse)',
      modelDescription:
        'Reports on Veo Studio\'s video jobs in this workspace, whether the agent or the person started them. For each job: its id, its state (being sent, queued, generating, saving, done, failed, timed out, cancelled), how long it has run or took, the saved video\'s path relative to the workspace, its cost (the estimate, and the actual cost once the service reports it), any error, and what to do next. Input: ids (job ids as veoStudio_generateVideo and veoStudio_runShotList return them), or which: "active" (still running) or "recent" (the 10 newest; the default). Free. Use it to follow a job after generating it, instead of generating again.',
      inputSchema: jobsQueryJsonSchema(),
    }),
    tool('runShotList', {
      toolReferenceName: 'veoShotList',
      icon: '$(run-all)',
      modelDescription:
        'Generates every shot of a shot list: a *.veo.json file in the workspace that describes several videos ("defaults" and "shots", each shot with prompt, model, images, options and an output name). This COSTS THE PERSON MONEY for every shot, so the person is shown the plan (each shot that will be sent with its price, the total estimated cost, the balance and the budget) and must approve first. Input: file, the path of the shot list relative to a workspace folder. If the list has problems nothing is sent, and the problems come back as text (shot number, field, what is wrong) to fix in the file. Returns at once with the job ids in shot order; at most veoStudio.maxConcurrentJobs shots run on the service at once. Follow them with veoStudio_getJobs; never run the list again for the same videos, which would make and bill them again.',
      inputSchema: shotListInputJsonSchema(),
    }),
    tool('saveFrame', {
      toolReferenceName: 'veoSaveFrame',
      icon: '$(device-camera)',
      modelDescription:
        'Saves one frame of a saved video as a PNG in the workspace, the way the person\'s "Save Frame" command does: into a "frames" folder beside the video (<output folder>/frames/<video name>@<mm-ss.mmm>.png), never over an existing file, and listed in the video\'s .json sidecar. Input: video (the saved video\'s path relative to a workspace folder, as veoStudio_getJobs reports it, or the id of a job whose video is saved) and at (seconds into the video such as 5.24, "first" or "last"; the default is "last", and a time past the end gives the last frame). Returns the PNG\'s path, the time it was taken at and its size. Free: it sends nothing to Veo and asks nothing. Use it to keep a still, to check how a clip ends, or to get the start image for veoStudio_continueFromFrame or veoStudio_generateVideo. The frame is read by VS Code\'s own video player in a small panel that opens beside the editor for a moment; if it cannot be read, the text says why and what the person can do.',
      inputSchema: saveFrameInputJsonSchema(),
    }),
    tool('continueFromFrame', {
      toolReferenceName: 'veoContinue',
      icon: '$(debug-continue)',
      modelDescription: `Generates the next clip of a shot: a new video whose start image is a frame of an earlier one, so the two cut together. This COSTS THE PERSON MONEY like veoStudio_generateVideo: the person is shown the model, prompt, the frame, the options, the estimated cost, the balance and the budget, and must approve before anything is sent; call it only when the person wants the clip made, and once per clip. Input: prompt (what happens next, required) and either video (a saved video's workspace path or job id) with at (seconds, "first" or "last"; default "last") — the frame is saved as veoStudio_saveFrame would once the person approves — or frame (a PNG already saved, e.g. by veoStudio_saveFrame). Optional: model (one that takes a start image; by default the continued clip's family on image to video, Fast staying Fast), options (on top of the clip's own, which carry over where the new model has them), lastImage (for a first-and-last-frame model), outputFolder and outputName. It returns at once with the job id and the path the video will be saved to; the new job appears in Veo Studio's Jobs view under the clip it continues. Follow it with veoStudio_getJobs; never call this tool again for the same clip, which would make and bill a second one. Problems come back as text naming the field to fix; without an API key the text says so and what the person must do.`,
      inputSchema: continueInputJsonSchema(),
    }),
  ];
}
