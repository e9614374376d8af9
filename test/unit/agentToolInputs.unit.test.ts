// The agent tools' inputs under plain Node: package.json declares exactly the contributions
// the code builds; their JSON schemas are valid draft-07, built from the catalog, and agree
// with the zod schemas the commands use (the same samples pass and fail both); a bad field
// is named as the agent wrote it, with the allowed values; and a confirmation vouches for
// one call to exactly the input it was shown for.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { toolContributions } from '../../src/commands/agentTools/contributions';
import { confirmationKey, PreparedConfirmations, stableJson } from '../../src/core/agent/prepared';
import {
  AGENT_REFUSED_ARGS,
  checkContinuationModel,
  continuationModels,
  parseContinueInput,
  parseJobsQuery,
  parseSaveFrameInput,
  parseShotListInput,
  requestFromAgentInput,
} from '../../src/core/agent/toolInputs';
import { continueInputJsonSchema, generateInputJsonSchema, jobsQueryJsonSchema, saveFrameInputJsonSchema, shotListInputJsonSchema } from '../../src/core/agent/toolSchemas';
import { continuationArgs } from '../../src/core/frames/continuation';
import { ValidationError } from '../../src/core/api/errors';
import { allModels } from '../../src/core/catalog/catalog';
import { MEDIA_KINDS } from '../../src/core/catalog/media';
import { generateArgsSchema, type ArgsContext } from '../../src/core/jobs/generateArgs';
import { TOOLS } from '../../src/platform/ids';
import { FakeClock } from '../support/fakeClock';
import { FIXTURES, PROJECT_ROOT } from '../support/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { contributes: { languageModelTools: unknown[] } };
const ajv = new Ajv({ allErrors: true, strict: true });

/** Files exist only in the fixtures folder, as if it were the workspace. */
const ctx: ArgsContext = {
  resolvePath: (p) => {
    const file = path.resolve(FIXTURES, p);
    return file.startsWith(FIXTURES + path.sep) && fs.existsSync(file) ? file : undefined;
  },
  filePathOf: () => {
    throw new Error('no Uri objects here');
  },
  inWorkspace: (file) => file.startsWith(FIXTURES + path.sep),
};

/** The issues a ValidationError carries, as "field: message". */
function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error.issues.map((i) => `${i.field}: ${i.message}`);
  }
  assert.fail('expected a ValidationError');
}

describe('agent tools: the contributions in package.json', () => {
  it('are exactly what the code builds (npm run manifest:tools writes them)', () => {
    assert.deepEqual(manifest.contributes.languageModelTools, JSON.parse(JSON.stringify(toolContributions())), 'run npm run manifest:tools');
  });

  it('name every tool of ids.ts once, with what VS Code 1.100 requires of a tool referenced in prompts', () => {
    const tools = toolContributions();
    assert.deepEqual(tools.map((t) => t.name), Object.values(TOOLS));
    assert.equal(new Set(tools.map((t) => t.toolReferenceName)).size, tools.length);
    for (const t of tools) {
      assert.match(t.name, /^(?!copilot_|vscode_)[\w-]+$/, t.name);
      assert.match(t.toolReferenceName, /^[\w-]+$/, t.name);
      assert.ok(t.canBeReferencedInPrompt && t.displayName && t.userDescription && t.modelDescription.length > 200, t.name);
      assert.match(t.icon, /^\$\([a-z-]+\)$/, t.name);
      assert.equal(t.when, 'config.veoStudio.agentTools.enabled');
      assert.ok(ajv.validateSchema(t.inputSchema), `${t.name}: ${ajv.errorsText(ajv.errors)}`);
    }
  });

  it('tell the model which tools cost money, and to follow a job instead of sending it again', () => {
    const byName = new Map(toolContributions().map((t) => [t.name, t.modelDescription]));
    for (const paying of [TOOLS.generateVideo, TOOLS.runShotList, TOOLS.continueFromFrame]) {
      assert.match(byName.get(paying)!, /COSTS THE PERSON MONEY/);
      assert.match(byName.get(paying)!, /must approve/);
      assert.match(byName.get(paying)!, /veoStudio_getJobs/);
    }
    for (const free of [TOOLS.listModels, TOOLS.estimateCost, TOOLS.getJobs, TOOLS.saveFrame]) assert.match(byName.get(free)!, /[Ff]ree/);
  });
});

describe('agent tools: the generate input schema', () => {
  const schema = generateInputJsonSchema() as { properties: Record<string, { type?: string; enum?: unknown[]; properties?: Record<string, unknown> }>; required: string[] };
  const validate = ajv.compile(schema);

  it('has the fields of the veoStudio.generate argument object, less the ones the agent may not use', () => {
    const argFields = Object.keys(generateArgsSchema.shape).filter((k) => !(AGENT_REFUSED_ARGS as readonly string[]).includes(k));
    assert.deepEqual(Object.keys(schema.properties).sort(), argFields.sort());
    assert.deepEqual(schema.required, ['model', 'prompt']);
    assert.deepEqual(schema.properties['model']!.enum, allModels().map((m) => m.id));
    for (const kind of MEDIA_KINDS) assert.equal(schema.properties[kind.arg]!.type, kind.argIsArray ? 'array' : 'string', kind.arg);
    const optionKeys = new Set(allModels().flatMap((m) => m.options.map((o) => o.key)));
    assert.deepEqual(Object.keys(schema.properties['options']!.properties!).sort(), [...optionKeys].sort());
  });

  const valid: Array<[string, unknown]> = [
    ['text only', { model: 'google/veo-3.1-t2v-fast', prompt: 'A lighthouse at dawn' }],
    ['options', { model: 'google/veo-3.1-t2v-fast', prompt: 'Waves', options: { duration: 4, resolution: '720p', generate_audio: false, seed: 7 } }],
    ['a start image', { model: 'google/veo-3.1-i2v', prompt: 'It comes alive', images: ['frame-720p.png'], outputName: 'shot-1' }],
    ['first and last frames', { model: 'google/veo-3.1-first-last-image-to-video', prompt: 'From one to the other', images: ['frame-720p.png'], lastImage: 'bars-720p.jpg' }],
  ];
  for (const [what, input] of valid) {
    it(`accepts ${what} in both the JSON schema and the command's checks`, () => {
      assert.ok(validate(input), ajv.errorsText(validate.errors));
      const request = requestFromAgentInput(input, ctx);
      assert.equal(request.model, (input as { model: string }).model);
    });
  }

  // The JSON schema stays plain (no per-model if/then, which not every chat model's tool
  // calling takes) and cannot see files: `false` marks what only the checks refuse.
  const invalid: Array<[string, unknown, RegExp, boolean?]> = [
    ['a duration the model does not have', { model: 'google/veo-3.1-t2v-fast', prompt: 'x', options: { duration: 5 } }, /^options\.duration: Duration must be one of 4, 6, 8; got 5\.$/],
    ['an option no model has', { model: 'google/veo-3.1-t2v-fast', prompt: 'x', options: { fps: 30 } }, /^options\.fps: "fps" is not an option of .* Its options are: aspect_ratio, duration/],
    ['an unknown model', { model: 'google/veo-9', prompt: 'x' }, /^model: Unknown model "google\/veo-9"\. Known models: google\/veo-3\.1-t2v-fast, /],
    ['no prompt', { model: 'google/veo-3.1-t2v-fast' }, /^prompt: prompt must be text/],
    ['a missing start image', { model: 'google/veo-3.1-i2v', prompt: 'x' }, /^images: Image: .* is required\.$/, false],
    ['an image the model does not take', { model: 'google/veo-3.1-t2v-fast', prompt: 'x', images: ['frame-720p.png'] }, /^images: .* takes no start image\.$/, false],
    ['a file outside the workspace', { model: 'google/veo-3.1-i2v', prompt: 'x', images: ['../../package.json'] }, /^images\[0\]: There is no file "\.\.\/\.\.\/package\.json" in the workspace\.$/, false],
    ['two start images', { model: 'google/veo-3.1-i2v', prompt: 'x', images: ['frame-720p.png', 'bars-720p.jpg'] }, /^images: images holds one start image/],
  ];
  for (const [what, input, expected, schemaToo = true] of invalid) {
    it(`refuses ${what}${schemaToo ? ' in both' : ''}, naming the field`, () => {
      if (schemaToo) assert.equal(validate(input), false, `the JSON schema accepts ${what}`);
      const issues = issuesOf(() => requestFromAgentInput(input, ctx));
      assert.ok(issues.some((i) => expected.test(i)), issues.join('\n'));
    });
  }

  it('refuses what only the agent may not do: approve passing a budget, or pass a Uri object', () => {
    const overBudget = { model: 'google/veo-3.1-t2v-fast', prompt: 'x', allowOverBudget: true };
    assert.equal(validate(overBudget), false);
    assert.match(issuesOf(() => requestFromAgentInput(overBudget, ctx)).join('\n'), /^allowOverBudget: allowOverBudget is not accepted from the agent: .*the person is asked/);
    const uri = { model: 'google/veo-3.1-i2v', prompt: 'x', images: [{ scheme: 'file', path: '/etc/passwd' }] };
    assert.equal(validate(uri), false);
    assert.deepEqual(issuesOf(() => requestFromAgentInput(uri, ctx)), ['images[0]: Give the start image as text: a path relative to a workspace folder, or an https URL.']);
    assert.match(issuesOf(() => requestFromAgentInput('make a video', ctx)).join(''), /^input: The input must be an object/);
  });
});

describe('agent tools: the getJobs and runShotList inputs', () => {
  const jobs = ajv.compile(jobsQueryJsonSchema());
  const shotList = ajv.compile(shotListInputJsonSchema());

  it('reads a jobs query: recent by default, active, or ids (which win)', () => {
    assert.deepEqual(parseJobsQuery(undefined), { kind: 'recent' });
    assert.deepEqual(parseJobsQuery({}), { kind: 'recent' });
    assert.deepEqual(parseJobsQuery({ which: 'active' }), { kind: 'active' });
    assert.deepEqual(parseJobsQuery({ ids: ['a', 'b'], which: 'active' }), { kind: 'ids', ids: ['a', 'b'] });
    for (const input of [{}, { which: 'active' }, { ids: ['a'] }]) assert.ok(jobs(input), JSON.stringify(input));
  });

  it('names the bad field of a jobs query, with what it may be', () => {
    const cases: Array<[unknown, string]> = [
      [{ ids: 'a' }, 'ids: ids must be an array of job ids, as veoStudio_generateVideo and veoStudio_runShotList return them.'],
      [{ which: 'all' }, 'which: which must be "active" (jobs still running) or "recent" (the 10 newest).'],
      [{ status: 'failed' }, 'status: Unknown field(s): status. This tool takes: ids, which.'],
    ];
    for (const [input, expected] of cases) {
      assert.deepEqual(issuesOf(() => parseJobsQuery(input)), [expected]);
      assert.equal(jobs(input), false, JSON.stringify(input));
    }
  });

  it('reads a shot-list input, and names the file field when it is wrong', () => {
    assert.equal(parseShotListInput({ file: 'storyboard/a.veo.json' }), 'storyboard/a.veo.json');
    assert.ok(shotList({ file: 'storyboard/a.veo.json' }));
    assert.deepEqual(issuesOf(() => parseShotListInput({})), ['file: file must be the path of a *.veo.json shot list, relative to a workspace folder.']);
    assert.deepEqual(issuesOf(() => parseShotListInput({ file: '' })), ['file: file must name a *.veo.json shot list.']);
    assert.equal(shotList({}), false);
  });
});

describe('agent tools: the saveFrame and continueFromFrame inputs', () => {
  const saveFrame = ajv.compile(saveFrameInputJsonSchema());
  const continueFrom = ajv.compile(continueInputJsonSchema());

  it('reads a saveFrame input: the last frame by default, "first", or seconds', () => {
    assert.deepEqual(parseSaveFrameInput({ video: 'videos/boat.mp4' }), { video: 'videos/boat.mp4', at: 'last' });
    assert.deepEqual(parseSaveFrameInput({ video: 'videos/boat.mp4', at: 'first' }), { video: 'videos/boat.mp4', at: 'first' });
    assert.deepEqual(parseSaveFrameInput({ video: 'job-1', at: 5.24 }), { video: 'job-1', at: 5.24 });
    for (const input of [{ video: 'a.mp4' }, { video: 'a.mp4', at: 0 }, { video: 'a.mp4', at: 'last' }]) assert.ok(saveFrame(input), ajv.errorsText(saveFrame.errors));
  });

  it('names the bad field of a saveFrame input, with what it may be, in both', () => {
    const at = 'at: at must be seconds into the video (a number from 0, e.g. 5.24), "first" or "last".';
    const cases: Array<[unknown, string]> = [
      [{}, 'video: video must be a saved video: its path relative to a workspace folder (as veoStudio_getJobs reports it), or the id of a job whose video is saved.'],
      [{ video: '' }, 'video: video must be a saved video: its path relative to a workspace folder (as veoStudio_getJobs reports it), or the id of a job whose video is saved.'],
      [{ video: 'a.mp4', at: -1 }, at],
      [{ video: 'a.mp4', at: 'middle' }, at],
      [{ video: 'a.mp4', at: '5' }, at],
      [{ video: 'a.mp4', time: 5 }, 'time: Unknown field(s): time. This tool takes: video, at.'],
    ];
    for (const [input, expected] of cases) {
      assert.deepEqual(issuesOf(() => parseSaveFrameInput(input)), [expected], JSON.stringify(input));
      assert.equal(saveFrame(input), false, JSON.stringify(input));
    }
  });

  it('reads a continueFromFrame input: from a video (its last frame by default) or from a saved frame', () => {
    assert.deepEqual(parseContinueInput({ video: 'videos/boat.mp4', prompt: 'Night falls' }), { from: { kind: 'video', video: 'videos/boat.mp4', at: 'last' }, prompt: 'Night falls' });
    assert.deepEqual(parseContinueInput({ video: 'job-1', at: 1.5, prompt: 'p', model: 'google/veo-3.1-i2v', options: { duration: 4 }, outputName: 'next' }), {
      from: { kind: 'video', video: 'job-1', at: 1.5 },
      prompt: 'p',
      model: 'google/veo-3.1-i2v',
      options: { duration: 4 },
      outputName: 'next',
    });
    assert.deepEqual(parseContinueInput({ frame: 'videos/frames/boat@00-07.958.png', prompt: 'p' }).from, { kind: 'frame', frame: 'videos/frames/boat@00-07.958.png' });
    assert.deepEqual(parseContinueInput({ frame: 'f.png', video: 'videos/boat.mp4', prompt: 'p' }).from, { kind: 'frame', frame: 'f.png', video: 'videos/boat.mp4' });
    for (const input of [{ video: 'a.mp4', prompt: 'p' }, { frame: 'f.png', prompt: 'p', model: 'google/veo-3.1-i2v-fast', options: { duration: 4 } }]) {
      assert.ok(continueFrom(input), ajv.errorsText(continueFrom.errors));
    }
  });

  it('names the bad field of a continueFromFrame input', () => {
    const cases: Array<[unknown, RegExp, boolean?]> = [
      [{ video: 'a.mp4' }, /^prompt: prompt must be text describing what happens next/],
      [{ video: 'a.mp4', prompt: '   ' }, /^prompt: prompt must say what happens next/, false],
      [{ prompt: 'p' }, /^video: Give video \(a saved video to continue from; its last frame unless at says otherwise\) or frame/, false],
      [{ frame: 'f.png', at: 'last', prompt: 'p' }, /^at: at picks a frame of video; leave it out when frame names the saved frame/, false],
      [{ video: 'a.mp4', at: -2, prompt: 'p' }, /^at: at must be seconds into the video/],
      [{ video: 'a.mp4', prompt: 'p', allowOverBudget: true }, /^allowOverBudget: Unknown field\(s\): allowOverBudget\. This tool takes: video, at, frame, prompt, model, options, lastImage, outputFolder, outputName\.$/],
      [{ video: 'a.mp4', prompt: 'p', options: 'fast' }, /^options: options must be an object/],
    ];
    for (const [input, expected, schemaToo = true] of cases) {
      const issues = issuesOf(() => parseContinueInput(input));
      assert.ok(issues.some((i) => expected.test(i)), `${JSON.stringify(input)}: ${issues.join('\n')}`);
      if (schemaToo) assert.equal(continueFrom(input), false, JSON.stringify(input));
    }
  });

  it('continues only on models that take a start image, and says which those are', () => {
    const ids = continuationModels().map((m) => m.id);
    assert.ok(ids.includes('google/veo-3.1-i2v') && ids.includes('google/veo-3.1-i2v-fast') && !ids.includes('google/veo-3.1-t2v-fast'), ids.join(', '));
    const schema = continueInputJsonSchema() as { properties: { model: { enum: string[] } } };
    assert.deepEqual(schema.properties.model.enum, ids);
    assert.equal(checkContinuationModel('google/veo-3.1-i2v').id, 'google/veo-3.1-i2v');
    assert.deepEqual(issuesOf(() => checkContinuationModel('google/veo-3.1-t2v-fast')), [
      `model: google/veo-3.1-t2v-fast takes no start image, so it cannot continue from a frame. Models that can: ${ids.join(', ')}.`,
    ]);
    assert.match(issuesOf(() => checkContinuationModel('google/veo-9')).join(''), /^model: Unknown model "google\/veo-9"\. Models that can: .*google\/veo-3\.1-i2v, /);
  });

  it('the continuation request: the frame as start image, the clip\'s family and options, then the agent\'s own — checked like generate', () => {
    const frame = path.join(FIXTURES, 'frame-720p.png');
    const source = { model: 'google/veo-3.1-t2v-fast', prompt: 'Day', options: { duration: 4, resolution: '720p', aspect_ratio: '16:9' } };
    const request = requestFromAgentInput(continuationArgs(source, frame, { prompt: 'Night falls', options: { generate_audio: false } }), ctx);
    assert.equal(request.model, 'google/veo-3.1-i2v-fast', 'Fast stays Fast, on image to video');
    assert.equal(request.prompt, 'Night falls');
    assert.deepEqual(request.media.image_url, { kind: 'file', path: frame });
    assert.deepEqual(request.options, { duration: 4, resolution: '720p', aspect_ratio: '16:9', generate_audio: false });
    const bad = continuationArgs(source, frame, { prompt: 'x', options: { duration: 5 } });
    assert.deepEqual(issuesOf(() => requestFromAgentInput(bad, ctx)), ['options.duration: Duration must be one of 4, 6, 8; got 5.']);
  });
});

describe('agent tools: prepared confirmations', () => {
  it('key an input the same whatever the order of its fields, and a shot list by its text', () => {
    assert.equal(stableJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } }), '{"a":{"d":[1,{"e":3,"f":2}]},"b":1}');
    const a = confirmationKey(TOOLS.generateVideo, { model: 'm', prompt: 'p', options: { duration: 4, resolution: '720p' } });
    const b = confirmationKey(TOOLS.generateVideo, { options: { resolution: '720p', duration: 4 }, prompt: 'p', model: 'm' });
    assert.equal(a, b);
    assert.notEqual(a, confirmationKey(TOOLS.generateVideo, { model: 'm', prompt: 'p', options: { duration: 6, resolution: '720p' } }));
    assert.notEqual(a, confirmationKey(TOOLS.estimateCost, { model: 'm', prompt: 'p', options: { duration: 4, resolution: '720p' } }));
    assert.notEqual(confirmationKey(TOOLS.runShotList, { file: 'x' }, '{"shots":[1]}'), confirmationKey(TOOLS.runShotList, { file: 'x' }, '{"shots":[2]}'));
  });

  it('vouch for one call each, newest first, and expire', async () => {
    const clock = new FakeClock();
    const notes = new PreparedConfirmations<string>(() => clock.now(), 60_000);
    notes.add('k', 'first');
    notes.add('k', 'second');
    assert.equal(notes.take('other'), undefined);
    assert.equal(notes.take('k'), 'second');
    assert.equal(notes.take('k'), 'first');
    assert.equal(notes.take('k'), undefined, 'one yes, one call');
    notes.add('k', 'old');
    await clock.advance(60_001);
    assert.equal(notes.take('k'), undefined, 'an unanswered question does not vouch for long');
    assert.equal(notes.size, 0);
  });
});
