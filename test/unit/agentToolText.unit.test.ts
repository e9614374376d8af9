// What the agent tools tell the model, under plain Node: the catalog with each model's
// media, options, defaults and price per second; an estimate with its basis, the balance
// and the budget; what was sent and where it lands; each job's state, file, cost and the
// next step (never "send it again" where that could bill twice). And an agent's job says
// where it came from in the tree, the tooltip and the sidecar.
import assert from 'node:assert/strict';
import { catalogText, modelText } from '../../src/core/agent/catalogText';
import { jobsText, nextStep } from '../../src/core/agent/jobsText';
import { frameFailedText, savedFrameText } from '../../src/core/agent/frameText';
import { estimateText, sentText, shotListSentText } from '../../src/core/agent/spendText';
import { toPricing } from '../../src/core/api/wire';
import { allModels, findModel } from '../../src/core/catalog/catalog';
import type { Job } from '../../src/core/jobs/job';
import { sidecarFor } from '../../src/core/jobs/sidecar';
import { pricePlan } from '../../src/core/money/plan';
import type { PriceQuote } from '../../src/core/money/priceBook';
import { quote } from '../../src/core/money/pricing';
import { jobDescription, jobTooltip } from '../../src/core/text/jobText';

const NOW = Date.parse('2026-08-01T12:00:00Z');
const PRICING = toPricing({
  kind: 'variants',
  currency: 'USD',
  dimensions: ['resolution'],
  variants: [
    { when: { resolution: '720p' }, price: 0.2, unit: 'second', per: 1 },
    { when: { resolution: '1080p' }, price: 0.4, unit: 'second', per: 1 },
  ],
});
const priced = (options: Record<string, unknown>, stale = false): PriceQuote => ({ ...quote(PRICING, options), asOf: NOW - 86_400_000, stale });

function job(id: string, over: Partial<Job> = {}): Job {
  return {
    id,
    request: { model: 'google/veo-3.1-t2v-fast', prompt: `Prompt of ${id}`, media: {}, options: { duration: 4, resolution: '720p' } },
    status: 'completed',
    createdAt: NOW - 95_000,
    updatedAt: NOW,
    ...over,
  };
}
const ctx = { now: NOW, relative: (f: string) => f.replace('/ws/', '') };

describe('agent tools: what listModels says', () => {
  it('lists every model with what it takes, its options with values and defaults, and its price at the defaults', () => {
    const t2v = findModel('google/veo-3.1-t2v-fast')!;
    const text = modelText(t2v, priced({ duration: 8, resolution: '1080p' }));
    assert.match(text, /^google\/veo-3\.1-t2v-fast — Veo 3\.1 Fast — text to video\./);
    assert.match(text, /Takes: a prompt only\./);
    assert.match(text, /duration: 4 \| 6 \| 8 \(seconds\); default 8\n/);
    assert.match(text, /resolution: "720p" \| "1080p"; default "1080p"/);
    assert.match(text, /generate_audio: true \| false; default true/);
    assert.match(text, /seed: a whole number from 0 to 4294967295; no default \(left to the service unless set\)/);
    assert.match(text, /Price: \$0\.40 per second at the defaults; a clip at the defaults costs about \$3\.20 \(8 s × \$0\.40\/s · 1080p\)\./);

    const refs = modelText(findModel('google/veo-3.1-reference-to-video')!, undefined);
    assert.match(refs, /Takes: a prompt, and referenceImages \(required; an array of 1–3 reference images, PNG, JPEG or WebP\)\./);
    assert.match(refs, /Price: no estimate: the price list could not be reached and no earlier price is known\./);
    const lite = modelText(findModel('google/veo-3.1-lite-generate-001')!, { kind: 'variable', asOf: NOW, stale: false });
    assert.match(lite, /Takes: a prompt, and images \(optional; an array with one start image, PNG, JPEG or WebP\), lastImage \(optional; one last frame/);
    assert.match(lite, /Price: no estimate: the service prices this model only after the job\./);
    assert.match(modelText(findModel('google/veo3-1-extend-video')!, undefined), /video \(required; one video to extend, MP4, MOV or WebM\)/);
  });

  it('says the age of a price the service could not confirm, and how to go on', () => {
    const models = allModels();
    const text = catalogText(models, new Map([[models[0]!.id, priced({ duration: 8, resolution: '1080p' }, true)]]));
    for (const m of models) assert.ok(text.includes(`\n${m.id} — `), m.id);
    assert.match(text, /by the last price known, from 2026-07-31 \(the price list could not be reached\)/);
    assert.match(text, /nothing outside the workspace can be used/);
    assert.match(text, /veoStudio_estimateCost .* veoStudio_generateVideo to make it \(the person is asked first\)/);
  });
});

describe('agent tools: what estimateCost and generateVideo say', () => {
  const request = { model: 'google/veo-3.1-t2v-fast', prompt: 'Waves', media: {}, options: { duration: 4, resolution: '720p' } };
  const options = { duration: 4, resolution: '720p', aspect_ratio: '16:9', generate_audio: true } as const;
  const prices = { quote: async () => priced(options) };

  it('gives the estimate with its basis, the balance, and that the budgets hold', async () => {
    const plan = await pricePlan(prices, [request], { budgets: { perJobUSD: 2, monthlyUSD: 50 }, jobs: [job('spent', { usage: { usd: 3 }, finishedAt: NOW - 1000 })], now: NOW });
    const text = estimateText({ request, options, plan, balance: { kind: 'known', balance: { amount: 12.5, currency: 'USD' } }, budgetLines: [] });
    assert.equal(
      text,
      [
        'Estimate for google/veo-3.1-t2v-fast (4 s · 720p · 16:9 · with audio): about $0.80 (4 s × $0.20/s · 720p). Nothing was sent.',
        'Balance: $12.50.',
        "Budget: within the person's budgets (per video $2.00; this month $50, of which $3.00 is spent or running).",
        "Generating bills the person's AI/ML API account when the video is made; veoStudio_generateVideo shows this price and asks the person before sending.",
      ].join('\n'),
    );
  });

  it('says when a budget would be passed and that only the person can approve it; and when no key is set', async () => {
    const plan = await pricePlan(prices, [request], { budgets: { perJobUSD: 0.5 }, jobs: [], now: NOW });
    const text = estimateText({ request, options, plan, balance: { kind: 'noKey' }, budgetLines: ['Estimated $0.80 (…): more than your per-video budget of $0.50.'] });
    assert.match(text, /Balance: unknown, because no AI\/ML API key is set\. Ask the person to run "Veo Studio: Set API Key"/);
    assert.match(text, /Budget: this would pass the person's budget\. Estimated \$0\.80 .* Only the person can approve that/);
    const none = await pricePlan(prices, [request], { budgets: {}, jobs: [], now: NOW });
    assert.match(estimateText({ request, options, plan: none, balance: { kind: 'unavailable' }, budgetLines: [] }), /Budget: the person has set no budget\./);
  });

  it('after sending: the job id, the estimate, where the video lands, how to follow it, and not to send it again', () => {
    const text = sentText({ id: 'job-1', model: 'google/veo-3.1-t2v-fast', options, estimateUsd: 0.8, estimateBasis: '4 s × $0.20/s · 720p', savedAs: 'videos/waves.mp4', unconfirmed: false });
    assert.match(text, /^Sent with the person's approval: job job-1 \(google\/veo-3\.1-t2v-fast, 4 s · 720p · 16:9 · with audio\)\. Estimated cost: \$0\.80 \(4 s × \$0\.20\/s · 720p\)\./);
    assert.match(text, /Veo usually takes 80–100 s\./);
    assert.match(text, /saved as videos\/waves\.mp4 \(a "-2" is added if that name is taken\)/);
    assert.match(text, /call veoStudio_getJobs with \{"ids": \["job-1"\]\}\. Do not call veoStudio_generateVideo again for the same video/);
    assert.match(sentText({ id: 'j', model: 'x', options: {}, savedAs: 'v.mp4', unconfirmed: true }), /answer was lost .* Do not send it again/);
    const shots = shotListSentText({ file: 'a.veo.json', jobIds: ['j1', 'j2'], failed: [{ shot: 3, message: 'refused (403)' }], notSent: [4], totalUsd: 1.6, unpriced: 0, folders: ['videos'], maxConcurrent: 2 });
    assert.match(shots, /^Sent 2 shot\(s\) of a\.veo\.json with the person's approval \(about \$1\.60 estimated in all\)\. Job ids, in shot order: j1, j2\./);
    assert.match(shots, /At most 2 run on the service at once.*saved into videos/);
    assert.match(shots, /Shot 3 could not be sent: refused \(403\)\nNot sent: shot\(s\) 4\./);
  });
});

describe('agent tools: what saveFrame and continueFromFrame say', () => {
  const options = { duration: 4, resolution: '720p', aspect_ratio: '16:9', generate_audio: true } as const;
  it('a saved frame: where, from which video, when and its size; that it was free; how to continue from it', () => {
    const text = savedFrameText({ file: 'videos/frames/boat@00-07.958.png', video: 'videos/boat.mp4', at: 7.958, width: 1280, height: 720, recorded: true });
    assert.match(text, /^Saved the frame at 7\.958 s of videos\/boat\.mp4 as videos\/frames\/boat@00-07\.958\.png \(a 1280×720 PNG\)\. Free: nothing was sent to Veo\.\n/);
    assert.match(text, /\nIt is listed in the video's \.json sidecar\.\n/);
    assert.match(text, /call veoStudio_continueFromFrame with \{"frame": "videos\/frames\/boat@00-07\.958\.png", "prompt": "…what happens next…"\}; that costs money, and the person is asked first\./);
    assert.match(savedFrameText({ file: 'f.png', video: 'v.mp4', at: 0, width: 2, height: 2, recorded: false }), /has no Veo Studio sidecar, so the frame is not listed in one/);
  });

  it('a frame that could not be read: why, and what the person can do instead', () => {
    const text = frameFailedText('Veo Studio could not decode x.mp4 here: its format or codec is not supported here.', 'No frame was saved.');
    assert.match(text, /^No frame was saved\. The frame could not be read: Veo Studio could not decode x\.mp4 here: /);
    assert.match(text, /a small "reading a frame" panel that opens beside the editor .* the person can save the frame there \(Save Frame\) and you can then continue from that PNG with "frame"\./);
  });

  it('a continuation sent: the job, the clip and frame it continues from, and not to call the tool again', () => {
    const text = sentText({
      id: 'job-2',
      model: 'google/veo-3.1-i2v-fast',
      options,
      estimateUsd: 0.8,
      estimateBasis: '4 s × $0.20/s · 720p',
      savedAs: 'videos/night-falls.mp4',
      unconfirmed: false,
      tool: 'veoStudio_continueFromFrame',
      continues: { video: 'videos/boat.mp4', frame: 'videos/frames/boat@00-07.958.png' },
    });
    assert.match(text, /^Sent with the person's approval: job job-2 \(google\/veo-3\.1-i2v-fast, /);
    assert.match(text, /\nIt continues videos\/boat\.mp4 from the frame videos\/frames\/boat@00-07\.958\.png, its start image\.\n/);
    assert.match(text, /Do not call veoStudio_continueFromFrame again for the same video/);
    assert.doesNotMatch(text, /veoStudio_generateVideo/);
  });
});

describe('agent tools: what getJobs says', () => {
  const done = job('done', {
    finishedAt: NOW - 2_000,
    output: { file: '/ws/videos/done.mp4', sidecar: '/ws/videos/done.json', bytes: 1000 },
    usage: { usd: 0.8, credits: 1_600_000 },
    estimate: { usd: 0.8, basis: '4 s × $0.20/s · 720p' },
    origin: 'agent',
  });

  it('tells a finished job: state, time, file, both costs, who started it', () => {
    const text = jobsText({ kind: 'ids', ids: ['done', 'gone'] }, [done], ctx, 10);
    assert.equal(
      text,
      [
        'Job done: done: the video is saved; took 1 min 33 s.',
        '  Prompt: "Prompt of done" — model google/veo-3.1-t2v-fast.',
        '  Saved: videos/done.mp4 (sidecar videos/done.json).',
        '  Cost: $0.80 (1,600,000 credits) (reported by the service); estimated $0.80 (4 s × $0.20/s · 720p).',
        "  Started by: the agent (with the person's approval).",
        '  Next: Nothing to do; the person can play it from the Jobs view.',
        '',
        'Job gone: not found. It may have been removed from the Jobs view, or the id is wrong (call veoStudio_getJobs with {} for the recent jobs).',
      ].join('\n'),
    );
  });

  it('says what to do about each way a job can end, never to send again what may have run', () => {
    const failed = (kind: NonNullable<Job['error']>['kind'], extra: Partial<Job> = {}) => job(kind, { status: 'failed', error: { kind, message: `${kind} happened` }, finishedAt: NOW, ...extra });
    assert.match(nextStep(failed('auth')), /Set API Key/);
    assert.match(nextStep(failed('quota')), /^Not billed\. .*top up/);
    assert.match(nextStep(failed('generation')), /^Not billed\. .*change the prompt or the model/);
    assert.match(nextStep(failed('validation')), /correct the field the error names, check it with veoStudio_estimateCost/);
    assert.match(nextStep(failed('download', { generationId: 'g' })), /made and billed; .*Do not generate it again: .*Resume .*save it \(no new charge\)/);
    for (const mayHaveRun of [failed('unconfirmed'), failed('interrupted'), job('u', { status: 'unconfirmed' })]) {
      assert.match(nextStep(mayHaveRun), /Do not send it again/, mayHaveRun.id);
    }
    assert.match(nextStep(failed('notCreated')), /never ran and was not billed; it can be generated again/);
    assert.match(nextStep(failed('network', { generationId: 'g' })), /passing problem.*Resume/);
    assert.match(nextStep(job('t', { status: 'timedOut', generationId: 'g' })), /Resume .*Generating it again would bill again/);
    assert.match(nextStep(job('p', { status: 'pending', remoteStatus: 'generating' })), /Veo usually takes 80–100 s\. Check again in about 30 s\./);
  });

  it('lists the running jobs, or the recent ones (newest first, at most the limit), or says there are none', () => {
    const running = job('running', { status: 'pending', remoteStatus: 'generating', createdAt: NOW - 45_000 });
    const text = jobsText({ kind: 'active' }, [running, done], ctx, 10);
    assert.match(text, /^1 job\(s\) running, newest first:\n\nJob running: generating on the service; running for 45 s\./);
    assert.match(text, /Cost: no estimate was known when it was sent\./);
    assert.match(text, /Started by: the person\./);
    assert.equal(jobsText({ kind: 'active' }, [done], ctx, 10), 'No job is running.');
    assert.equal(jobsText({ kind: 'recent' }, [], ctx, 10), 'There are no jobs in this workspace yet.');
    const many = Array.from({ length: 12 }, (_, i) => job(`j${i}`));
    const recent = jobsText({ kind: 'recent' }, many, ctx, 10);
    assert.match(recent, /^The 10 newest job\(s\) of 12, newest first:/);
    assert.ok(recent.includes('Job j9:') && !recent.includes('Job j10:'));
  });
});

describe('agent tools: jobs the agent started say so', () => {
  it('in the tree, the tooltip and the sidecar; the person\'s own jobs do not', () => {
    const agents = job('a', { origin: 'agent', finishedAt: NOW });
    assert.match(jobDescription(agents, NOW), / · by the agent$/);
    assert.match(jobTooltip(agents), /\nStarted by: The chat agent \(Veo Studio tools\), with your confirmation(\n|$)/);
    assert.equal(sidecarFor(agents, '/ws/videos/a.mp4', 10, NOW).origin, 'agent');
    const own = job('b', { finishedAt: NOW });
    assert.doesNotMatch(jobDescription(own, NOW) + jobTooltip(own), /agent/);
    assert.equal('origin' in sidecarFor(own, '/ws/videos/b.mp4', 10, NOW), false);
  });
});
