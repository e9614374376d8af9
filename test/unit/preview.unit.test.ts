// What the preview shows for a job (a pure function of the job), the message protocol both
// sides validate, and the plain-text job details.
import assert from 'node:assert/strict';
import type { Job } from '../../src/core/jobs/job';
import { adviceFor, previewIntents, previewView } from '../../src/webview/preview/model';
import { fromPageSchema, INTENTS, previewStateSchema, toPageSchema } from '../../src/webview/preview/protocol';
import { canResume } from '../../src/core/jobs/job';
import { jobDetailsText, jobSections } from '../../src/core/text/jobText';
import { costText } from '../../src/core/text/money';
import { untranslated } from '../../src/core/text/translate';

const NOW = 1_800_000_000_000;
const NAUGHTY = 'A fox <img src=x onerror=alert(1)> jumps ](command:workbench.action.quit)';

function job(over: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    generationId: 'gen:google/veo-3.1-i2v/1',
    request: {
      model: 'google/veo-3.1-i2v',
      prompt: NAUGHTY,
      media: { image_url: { kind: 'file', path: '/ws/images/frame-720p.png' } },
      options: { aspect_ratio: '16:9', duration: 6, resolution: '720p', generate_audio: true },
    },
    status: 'completed',
    createdAt: NOW - 95_000,
    updatedAt: NOW,
    submittedAt: NOW - 94_000,
    finishedAt: NOW - 1_000,
    output: { file: '/ws/videos/a-fox.mp4', sidecar: '/ws/videos/a-fox.json', bytes: 2_345_678 },
    usage: { usd: 0.6, credits: 1_200_000 },
    workspaceFolder: '/ws',
    ...over,
  };
}

const ctx = {
  now: NOW,
  relative: (f: string) => f.replace('/ws/', ''),
  formatTime: (ms: number) => new Date(ms).toISOString(),
};

function rows(view: { sections: ReadonlyArray<{ rows: ReadonlyArray<{ label: string; value: string }> }> }): Record<string, string> {
  return Object.fromEntries(view.sections.flatMap((s) => s.rows.map((r) => [r.label, r.value])));
}

describe('preview view', () => {
  it('a saved video: playable source, the facts as text, the audio note, and every action on it', () => {
    const view = previewView(job(), { ...ctx, fileExists: true, videoSrc: 'https://file+.vscode-resource.vscode-cdn.net/ws/videos/a-fox.mp4' });
    assert.equal(view.video?.src, 'https://file+.vscode-resource.vscode-cdn.net/ws/videos/a-fox.mp4');
    assert.equal(view.video?.fileName, 'a-fox.mp4');
    assert.equal(view.prompt, NAUGHTY, 'the prompt travels as text, untouched');
    assert.match(view.audioNote!, /AAC/);
    assert.match(view.audioNote!, /Open Externally/);
    assert.equal(view.problem, undefined);
    const r = rows(view);
    assert.equal(r['Model'], 'Veo 3.1 — image to video (google/veo-3.1-i2v)');
    assert.equal(r['Duration'], '6 s');
    assert.equal(r['Size'], '2.2 MB');
    assert.equal(r['Cost'], '$0.60 (1,200,000 credits)');
    assert.equal(r['File'], 'videos/a-fox.mp4');
    assert.equal(r['Image'], 'images/frame-720p.png');
    assert.equal(r['Aspect ratio'], '16:9 landscape');
    assert.equal(r['Generate audio'], 'Yes');
    assert.equal(r['Generation id'], 'gen:google/veo-3.1-i2v/1');
    assert.equal(r['Took'], '1 min 34 s');
    assert.deepEqual(
      view.actions.map((a) => a.intent),
      ['openExternally', 'reveal', 'extend', 'compareWith', 'regenerate', 'editAndRegenerate', 'copyPrompt', 'showDetails'],
    );
    assert.equal(view.actions[0]!.primary, true);
    assert.doesNotThrow(() => toPageSchema.parse({ type: 'show', view }));
  });

  it('no audio note for a clip made without sound', () => {
    const silent = job({ request: { ...job().request, options: { ...job().request.options, generate_audio: false } } });
    assert.equal(previewView(silent, { ...ctx, fileExists: true, videoSrc: 'x' }).audioNote, undefined);
  });

  it('a saved video whose file is gone: says so, offers to make it again, no player', () => {
    const view = previewView(job(), { ...ctx, fileExists: false });
    assert.equal(view.video, undefined);
    assert.equal(view.problem?.severity, 'warning');
    assert.match(view.problem!.message, /no longer at videos\/a-fox\.mp4/);
    assert.deepEqual(previewIntents(job(), false), ['regenerate', 'editAndRegenerate', 'copyPrompt', 'showDetails']);
  });

  it("a failed job: the service's message, what to do, and Retry / Show Log", () => {
    const failed = job({ status: 'failed', output: undefined, usage: undefined, error: { kind: 'generation', message: 'The prompt was blocked by the safety filter' } });
    const view = previewView(failed, { ...ctx, fileExists: false });
    assert.equal(view.problem?.severity, 'error');
    assert.equal(view.problem?.message, 'The prompt was blocked by the safety filter');
    assert.match(view.problem!.advice, /Edit & Regenerate/);
    assert.deepEqual(view.actions.map((a) => a.intent), ['retry', 'editAndRegenerate', 'copyPrompt', 'showLog', 'showDetails']);
    assert.equal(rows(view)['Cost'], 'Not billed: the service failed the job');
  });

  it('a timed-out job offers Resume first; a 401 offers Set API Key first', () => {
    const timedOut = job({ status: 'timedOut', output: undefined, error: { kind: 'timeout', message: 'Still not finished after 20 min.' } });
    assert.deepEqual(previewIntents(timedOut, false), ['resume', 'retry', 'editAndRegenerate', 'copyPrompt', 'showDetails']);
    assert.match(adviceFor(timedOut.error, timedOut), /Resume to keep waiting/);
    const auth = job({ status: 'failed', output: undefined, error: { kind: 'auth', message: 'The AI/ML API rejected the API key (401).' } });
    assert.equal(previewIntents(auth, false)[0], 'setApiKey');
    assert.ok(previewIntents(auth, false).includes('resume'), 'a job refused for the key can be watched again once the key is fixed');
  });

  it('a cancelled job says the service may still bill it; a running one offers Cancel', () => {
    const cancelled = previewView(job({ status: 'cancelled', output: undefined }), { ...ctx, fileExists: false });
    assert.match(cancelled.problem!.message, /may still finish and be billed/);
    assert.equal(cancelled.actions[0]!.intent, 'resume');
    const running = previewView(job({ status: 'pending', output: undefined, finishedAt: undefined, remoteStatus: 'generating' }), { ...ctx, fileExists: false });
    assert.equal(running.problem?.severity, 'info');
    assert.deepEqual(running.actions.map((a) => a.intent), ['cancel', 'copyPrompt', 'showDetails']);
    assert.equal(running.actions.some((a) => a.primary), false, 'Cancel is offered, never suggested');
    assert.match(running.statusText, /^Generating · 1 min 35 s/);
  });

  it('an extension names the clip it continues', () => {
    const parent = job({ id: 'p', request: { ...job().request, prompt: 'A paper boat' } });
    const child = job({ id: 'c', parentId: 'p', request: { model: 'google/veo3-1-extend-video', prompt: 'It sails away', media: { video_url: { kind: 'url', url: 'https://cdn/x.mp4' } }, options: { duration: 7 } } });
    assert.equal(rows(previewView(child, { ...ctx, parent, fileExists: true, videoSrc: 'x' }))['Extends'], '“A paper boat”');
    assert.equal(rows(previewView(child, { ...ctx, fileExists: true, videoSrc: 'x' }))['Extends'], 'job p (no longer in the list)');
    assert.equal(rows(previewView(child, { ...ctx, fileExists: true, videoSrc: 'x' }))['Video to extend'], 'https://cdn/x.mp4');
  });
});

describe('preview protocol', () => {
  it('accepts ready, every intent with a job id, and video errors', () => {
    assert.ok(fromPageSchema.safeParse({ type: 'ready' }).success);
    for (const intent of INTENTS) assert.ok(fromPageSchema.safeParse({ type: intent, jobId: 'job-1' }).success, intent);
    assert.ok(fromPageSchema.safeParse({ type: 'videoError', jobId: 'job-1', message: '4 MEDIA_ERR_SRC_NOT_SUPPORTED' }).success);
  });

  it('rejects unknown types, command names, missing or odd fields', () => {
    const bad: unknown[] = [
      null,
      'ready',
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'veoStudio.retryJob', jobId: 'job-1' },
      { type: 'regenerate' },
      { type: 'regenerate', jobId: '' },
      { type: 'regenerate', jobId: 42 },
      { type: 'videoError', jobId: 'job-1', message: 'x'.repeat(501) },
      { kind: 'ready' },
    ];
    for (const message of bad) assert.equal(fromPageSchema.safeParse(message).success, false, JSON.stringify(message));
  });

  it('the page checks what it receives: a view with a script-ish icon name is refused', () => {
    const view = previewView(job(), { ...ctx, fileExists: true, videoSrc: 'x' });
    const tampered = { ...view, actions: [{ intent: 'regenerate', label: 'x', icon: 'x" onerror="alert(1)' }] };
    assert.equal(toPageSchema.safeParse({ type: 'show', view: tampered }).success, false);
    assert.equal(toPageSchema.safeParse({ type: 'eval', code: '1' }).success, false);
  });

  it('the saved state is only a job id', () => {
    assert.deepEqual(previewStateSchema.parse({ jobId: 'job-1', extra: 'dropped' }), { jobId: 'job-1' });
    assert.equal(previewStateSchema.safeParse({}).success, false);
  });
});

describe('job details text', () => {
  it('lists the prompt and every fact, as plain text', () => {
    const text = jobDetailsText(job(), ctx);
    assert.ok(text.startsWith('Veo Studio job\n\nPrompt\n  A fox <img src=x onerror=alert(1)>'));
    for (const expected of ['Model:', 'Aspect ratio:', 'Duration:', 'Cost:', '$0.60', 'Job id:', 'job-1', 'Generation id:', 'Created:', '2027-01-15T07:58:25', 'File:']) {
      assert.ok(text.includes(expected), `${expected} in\n${text}`);
    }
  });

  it('shows the error of a failed job and how long a running one has been going', () => {
    const failed = jobDetailsText(job({ status: 'failed', error: { kind: 'quota', message: 'Out of credits (403).' } }), ctx);
    assert.match(failed, /Error:\s+Out of credits \(403\)\. \[quota\]/);
    const running = jobSections(job({ status: 'pending', finishedAt: undefined }), ctx).flatMap((s) => s.rows);
    assert.equal(running.find((r) => r.label === 'Running for')?.value, '1 min 35 s');
  });

  it('cost and resumability', () => {
    assert.equal(costText({ usd: 0.6 }), '$0.60');
    assert.equal(costText({ credits: 5 }), '5 credits');
    assert.equal(costText(undefined), undefined);
    assert.equal(canResume(job({ status: 'timedOut' })), true);
    assert.equal(canResume(job({ status: 'cancelled', generationId: undefined })), false);
    assert.equal(canResume(job({ status: 'failed', error: { kind: 'generation', message: 'x' } })), false);
    assert.equal(canResume(job({ status: 'failed', error: { kind: 'download', message: 'x' } })), true);
    assert.equal(canResume(job()), false);
  });

  it('fills placeholders like vscode.l10n.t', () => {
    assert.equal(untranslated('{0} of {1}, {2}', 1, 'two'), '1 of two, {2}');
  });
});
