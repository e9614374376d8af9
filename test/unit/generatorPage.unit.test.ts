// The generator page's state, without a page: what a model switch keeps, what each slot
// holds, the draft a submit sends, the problems shown per field, variations, a saved state
// restored, a pre-fill applied, the extension's answers, and the words the page shows.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findModel } from '../../src/core/catalog/catalog';
import { MEDIA_FIELDS } from '../../src/core/catalog/media';
import type { MediaSlot, ModelSpec } from '../../src/core/catalog/types';
import { untranslated as t } from '../../src/core/text/translate';
import type { MediaItem, Prefill } from '../../src/webview/generator/messages';
import {
  estimateKey,
  initialPage,
  issuesOf,
  mediaAnswered,
  mediaAsked,
  onNotice,
  submitAnswered,
  submitAsked,
  withForm,
  type PageState,
} from '../../src/webview/page/generator/pageState';
import {
  addMedia,
  applyPrefill,
  chosenOptions,
  draftOf,
  effectiveOptions,
  initialState,
  modelMedia,
  removeMedia,
  restoreState,
  setOption,
  setPrompt,
  setVariations,
  shownValue,
  slotCapacity,
  switchModel,
  touch,
  validate,
  variationCount,
  type FormState,
} from '../../src/webview/page/generator/state';
import { balanceTooLow, estimateText, listNote, mediaHeading, slotText, statusText, submitLabel } from '../../src/webview/page/generator/text';
import { PROJECT_ROOT } from '../support/paths';

const T2V_FAST = 'google/veo-3.1-t2v-fast';
const I2V = 'google/veo-3.1-i2v';
const FIRST_LAST = 'google/veo-3.1-first-last-image-to-video';
const REFS = 'google/veo-3.1-reference-to-video';
const EXTEND = 'google/veo3-1-extend-video';
const LITE = 'google/veo-3.1-lite-generate-001';

const model = (id: string): ModelSpec => findModel(id)!;
const slot = (id: string, field: string): MediaSlot => model(id).slots.find((s) => s.field === field)!;
const item = (name: string): MediaItem => ({ ref: { kind: 'file', path: `/ws/images/${name}` }, name, detail: '1280×720 · 12 KB' });
const url = (u: string): MediaItem => ({ ref: { kind: 'url', url: u }, name: u });

/** A form on `id` with a prompt (valid unless the model needs media). */
function form(id: string, prompt = 'A kite over dunes'): FormState {
  return setPrompt(switchModel(initialState(), id), prompt);
}

describe('generator page: the form', () => {
  it('a model switch keeps what fits: prompt, options the new model allows, and media of slots it shares', () => {
    let f = form(FIRST_LAST);
    f = addMedia(f, slot(FIRST_LAST, 'image_url'), [item('first.png')]);
    f = addMedia(f, slot(FIRST_LAST, 'last_image_url'), [item('last.png')]);
    f = setOption(f, 'duration', 6);
    f = setOption(f, 'resolution', '1080p');

    // To image-to-video: the first frame is its image; the last frame is not used (but kept).
    f = switchModel(f, I2V);
    assert.equal(f.prompt, 'A kite over dunes');
    assert.deepEqual(draftOf(f).media, { image_url: { kind: 'file', path: '/ws/images/first.png' } });
    assert.deepEqual(chosenOptions(model(I2V), f), { duration: 6, resolution: '1080p' });

    // To extend (7 s at 720p only): 6 s and 1080p are not its values, so its defaults show and nothing is sent for them.
    f = switchModel(f, EXTEND);
    assert.deepEqual(draftOf(f).media, {});
    assert.equal(shownValue(model(EXTEND).options.find((o) => o.key === 'duration')!, f), 7);
    assert.deepEqual(chosenOptions(model(EXTEND), f), {});

    // And back: everything is still there.
    f = switchModel(f, FIRST_LAST);
    assert.deepEqual(Object.keys(draftOf(f).media).sort(), ['image_url', 'last_image_url']);
    assert.deepEqual(draftOf(f).options, { duration: 6, resolution: '1080p' });
  });

  it('an unknown model id changes nothing', () => {
    const f = form(I2V);
    assert.equal(switchModel(f, 'google/veo-9'), f);
  });

  it('media per slot: a slot of one is replaced, a list slot gains distinct items up to its count', () => {
    const image = slot(I2V, 'image_url');
    assert.equal(slotCapacity(image), 1);
    let f = addMedia(form(I2V), image, [item('a.png')]);
    f = addMedia(f, image, [item('b.png')]);
    assert.deepEqual(modelMedia(model(I2V), f).image_url?.map((i) => i.name), ['b.png']);

    const refs = slot(REFS, 'image_urls');
    assert.equal(slotCapacity(refs), 3);
    let r = addMedia(form(REFS), refs, [item('a.png'), item('a.png')]);
    r = addMedia(r, refs, [item('a.png'), url('https://x.test/b.png')]);
    assert.deepEqual(modelMedia(model(REFS), r).image_urls?.map((i) => i.name), ['a.png', 'https://x.test/b.png'], 'no file twice');
    r = addMedia(r, refs, [item('c.png'), item('d.png')]);
    assert.deepEqual(modelMedia(model(REFS), r).image_urls?.map((i) => i.name), ['a.png', 'https://x.test/b.png', 'c.png'], 'at most three');
    r = removeMedia(r, refs, 1);
    assert.deepEqual(draftOf(r).media, {
      image_urls: [
        { kind: 'file', path: '/ws/images/a.png' },
        { kind: 'file', path: '/ws/images/c.png' },
      ],
    });
  });

  it('builds the draft from the model: its media by field, only the options the person set', () => {
    let f = addMedia(form(I2V, 'A lighthouse'), slot(I2V, 'image_url'), [item('frame.png')]);
    f = setOption(f, 'duration', 6);
    f = setOption(f, 'seed', 42); // i2v has no seed option: not sent
    assert.deepEqual(draftOf(f), { model: I2V, prompt: 'A lighthouse', media: { image_url: { kind: 'file', path: '/ws/images/frame.png' } }, options: { duration: 6 } });
    // Cleared options are not sent; effective options show the defaults.
    f = setOption(f, 'duration', undefined);
    assert.deepEqual(draftOf(f).options, {});
    assert.deepEqual(effectiveOptions(model(I2V), f), { aspect_ratio: '16:9', duration: 8, resolution: '1080p', generate_audio: true, provider: 'auto' });
  });

  it('validates per field: prompt, required media, a seed out of range, a cross-field rule', () => {
    const empty = setPrompt(switchModel(initialState(), I2V), '  ');
    assert.deepEqual(
      validate(empty).map((i) => i.field).sort(),
      ['image_url', 'prompt'],
    );
    assert.equal(validate(empty).find((i) => i.field === 'prompt')?.message, 'Describe the video in the prompt.');
    const seeded = setOption(form(T2V_FAST), 'seed', -1);
    assert.deepEqual(validate(seeded).map((i) => i.field), ['seed']);
    let lite = addMedia(form(LITE), slot(LITE, 'last_image_url'), [item('last.png')]);
    lite = setOption(lite, 'duration', 6);
    assert.deepEqual(validate(lite).map((i) => i.field), ['duration']);
    assert.deepEqual(validate(setOption(lite, 'duration', 8)), []);
  });

  it('variations only for a model with a seed, bounded to 1–4', () => {
    const f = setVariations(form(T2V_FAST), 3);
    assert.equal(variationCount(model(T2V_FAST), f), 3);
    assert.equal(variationCount(model(I2V), switchModel(f, I2V)), 1, 'no seed option, one video');
    assert.equal(setVariations(f, 9).variations, 4);
    assert.equal(setVariations(f, 0).variations, 1);
  });

  it('restores a saved state, and starts afresh from one it does not understand', () => {
    const saved = JSON.parse(JSON.stringify(setOption(addMedia(form(I2V), slot(I2V, 'image_url'), [item('a.png')]), 'duration', 6))) as unknown;
    const restored = restoreState(saved);
    assert.deepEqual(draftOf(restored), draftOf(saved as FormState));
    for (const bad of [undefined, null, 'x', { v: 2 }, { ...(saved as object), model: 'google/gone' }, { ...(saved as object), variations: 9 }, { ...(saved as object), media: { tail_image_url: [] } }]) {
      assert.deepEqual(restoreState(bad), initialState(), JSON.stringify(bad));
    }
  });

  it('a pre-fill with a model replaces the media; without one it merges; its issues show on their fields', () => {
    const start = addMedia(form(I2V, 'Old prompt'), slot(I2V, 'image_url'), [item('old.png')]);
    const withModel: Prefill = { model: FIRST_LAST, prompt: 'New prompt', media: { last_image_url: item('last.png') }, options: { duration: 4 }, issues: [{ field: 'image_url', message: 'gone.png: no such file' }] };
    const f = applyPrefill(start, withModel);
    assert.equal(f.model, FIRST_LAST);
    assert.equal(f.prompt, 'New prompt');
    assert.deepEqual(Object.keys(f.media), ['last_image_url']);
    assert.deepEqual(f.touched, ['image_url']);
    assert.deepEqual(issuesOf(initialPage(f)).byField.get('image_url'), 'gone.png: no such file');

    const merged = applyPrefill(start, { media: { image_urls: [item('r.png')] }, options: {}, issues: [] });
    assert.equal(merged.model, I2V);
    assert.equal(merged.prompt, 'Old prompt');
    assert.deepEqual(Object.keys(merged.media).sort(), ['image_url', 'image_urls']);
  });
});

describe('generator page: problems and answers', () => {
  const page = (f: FormState): PageState => initialPage(f);

  it('shows the catalog’s problems only on fields the person has been to; the service’s at once', () => {
    const f = setPrompt(switchModel(initialState(), I2V), '');
    assert.deepEqual([...issuesOf(page(f)).byField.keys()], ['prompt'], 'the empty image slot is not shouted about yet');
    assert.deepEqual([...issuesOf(page(touch(f, 'image_url'))).byField.keys()].sort(), ['image_url', 'prompt']);
    const failed = submitAnswered(page(setPrompt(f, 'ok')), {
      type: 'submitFailed',
      requestId: 1,
      message: 'The service refused the request',
      issues: [
        { field: 'duration', message: 'Expected 4 | 6 | 8' },
        { field: 'request', message: 'Body validation error!' },
      ],
      needsKey: false,
    });
    const issues = issuesOf(failed.page);
    assert.equal(issues.byField.get('duration'), 'Expected 4 | 6 | 8');
    assert.deepEqual(issues.general.map((i) => i.message), ['Body validation error!'], 'a problem with no field here goes to the status box');
    assert.equal(failed.focus, 'duration');
    // Changing the field clears what the service said about it.
    assert.equal(issuesOf(withForm(failed.page, setOption(failed.page.form, 'duration', 6), 'duration')).byField.has('duration'), false);
  });

  it('a submit with problems sends nothing, reveals them all and says how many; a fixed form clears the note', () => {
    const bad = page(setPrompt(switchModel(initialState(), I2V), ''));
    const asked = submitAsked(bad);
    assert.equal(asked.send, false);
    assert.equal(asked.focus, 'prompt');
    assert.equal(statusText(asked.page.status!, t), '2 fields need attention before generating.');
    let fixed = withForm(asked.page, setPrompt(asked.page.form, 'A kite'), 'prompt');
    assert.equal(statusText(fixed.status!, t), '2 fields need attention before generating.', 'still one to fix');
    fixed = mediaAnswered(mediaAsked(fixed, 'image_url'), 'image_url', { type: 'mediaAdded', requestId: 2, slot: 'image_url', items: [item('a.png')] });
    assert.equal(fixed.status, undefined);
    const sending = submitAsked(fixed);
    assert.equal(sending.send, true);
    assert.equal(sending.page.submitting, true);
    assert.equal(submitAsked(sending.page).send, false, 'no second submit while one is on its way');
    const done = submitAnswered(sending.page, { type: 'submitted', requestId: 3, jobIds: ['a', 'b'], message: '2 jobs started', warning: 'Only 2 of 3 started' });
    assert.equal(done.page.submitting, false);
    assert.deepEqual(done.page.status, { kind: 'warning', says: 'service', text: '2 jobs started', action: 'showJobs', detail: 'Only 2 of 3 started' });
  });

  it('20: a page restored while a submit is on its way shows "sending…", allows no second submit, and takes the outcome when it comes', () => {
    const restored = onNotice(page(form(T2V_FAST)), { type: 'init', images: [], videos: [], hasKey: true, balance: null, sending: true });
    assert.equal(restored.submitting, true);
    assert.equal(statusText(restored.status!, t), statusText({ kind: 'info', says: 'sending' }, t));
    assert.equal(submitAsked(restored).send, false, 'no second (paid) submit');
    const told = onNotice(restored, { type: 'submitOutcome', outcome: { type: 'submitted', jobIds: ['a'], message: 'Job started.' } });
    assert.equal(told.submitting, false);
    assert.deepEqual(told.status, { kind: 'success', says: 'service', text: 'Job started.', action: 'showJobs' });
    const refused = onNotice(restored, { type: 'submitOutcome', outcome: { type: 'submitFailed', message: 'Refused', issues: [{ field: 'duration', message: 'must be 4, 6 or 8' }], needsKey: false } });
    assert.equal(refused.submitting, false);
    assert.deepEqual(refused.form.serviceIssues, [{ field: 'duration', message: 'must be 4, 6 or 8' }]);
    const idle = onNotice(page(form(T2V_FAST)), { type: 'init', images: [], videos: [], hasKey: true, balance: null, sending: false });
    assert.equal(idle.submitting, false);
    assert.equal(idle.status, undefined);
  });

  it('a refused key asks for one, and a new key takes that away', () => {
    const failed = submitAnswered(page(form(T2V_FAST)), { type: 'submitFailed', requestId: 1, message: 'Set your key', issues: [], needsKey: true }).page;
    assert.equal(failed.hasKey, false);
    assert.equal(failed.status?.action, 'setApiKey');
    const fixed = onNotice(failed, { type: 'account', hasKey: true, balance: { amount: 5, currency: 'USD' } });
    assert.equal(fixed.hasKey, true);
    assert.equal(fixed.status, undefined);
  });

  it('media answers: checking per slot, added items, refusals (also beside added ones), a failure, a cancel', () => {
    let p = mediaAsked(mediaAsked(page(form(REFS)), 'image_urls'), 'image_urls');
    assert.equal(p.checking.image_urls, 2);
    p = mediaAnswered(p, 'image_urls', { type: 'mediaAdded', requestId: 1, slot: 'image_urls', items: [item('a.png')], refused: 'notes.png is not a PNG, JPEG or WebP image.' });
    assert.equal(p.checking.image_urls, 1);
    assert.equal(p.form.media.image_urls?.length, 1);
    assert.equal(issuesOf(p).byField.get('image_urls'), 'notes.png is not a PNG, JPEG or WebP image.');
    p = mediaAnswered(p, 'image_urls', { type: 'mediaCancelled', requestId: 2, slot: 'image_urls' });
    assert.equal(p.checking.image_urls, undefined);
    p = mediaAnswered(mediaAsked(p, 'image_urls'), 'image_urls', { type: 'failed', message: 'Something went wrong' });
    assert.equal(p.refusals.image_urls, 'Something went wrong');
    assert.equal(mediaAsked(p, 'image_urls').refusals.image_urls, undefined, 'a new try clears the refusal');
  });

  it('a pre-fill from the extension warns when some values could not be used', () => {
    const p = onNotice(page(form(T2V_FAST)), { type: 'prefill', prefill: { model: I2V, media: {}, options: { color: 'red' }, issues: [{ field: 'color', message: '"color" is not an option' }] } });
    assert.equal(p.form.model, I2V);
    assert.equal(statusText(p.status!, t), 'Some of the given values could not be used; see the marked fields.');
    assert.deepEqual(issuesOf(p).general.map((i) => i.field), ['color']);
  });

  it('the estimate is asked for again only when what it depends on changes', () => {
    const f = form(T2V_FAST);
    assert.equal(estimateKey(setPrompt(f, 'Another prompt')), estimateKey(f));
    // A price may depend on any option (sound included): every option change asks again.
    assert.notEqual(estimateKey(setOption(f, 'generate_audio', false)), estimateKey(f));
    assert.notEqual(estimateKey(setOption(f, 'duration', 4)), estimateKey(f));
    assert.notEqual(estimateKey(switchModel(f, I2V)), estimateKey(f));
  });
});

describe('generator page: words', () => {
  it('estimate text for one video and for variations, while loading and when unavailable', () => {
    const ok = { state: 'ok', usd: 3, basis: '6 s × $0.50/s · 720p', asOf: Date.UTC(2026, 0, 2), stale: false } as const;
    assert.deepEqual(estimateText(ok, 1, t), { figure: 'About $3.00', detail: '(6 s × $0.50/s · 720p)' });
    assert.deepEqual(estimateText(ok, 3, t), { figure: 'About $9.00', detail: '(3 × $3.00: 6 s × $0.50/s · 720p)' });
    assert.match(estimateText({ ...ok, stale: true }, 1, t).detail, /^\(6 s × \$0\.50\/s · 720p\), price from /);
    assert.deepEqual(estimateText({ state: 'variable' }, 1, t), { detail: 'Priced after the job' });
    assert.deepEqual(estimateText({ state: 'loading' }, 1, t), { detail: 'Checking the price…' });
    assert.deepEqual(estimateText({ state: 'none' }, 1, t), { detail: 'Price unavailable' });
    assert.equal(balanceTooLow(ok, 3, { amount: 8 }), true);
    assert.equal(balanceTooLow(ok, 1, { amount: 8 }), false);
    assert.equal(balanceTooLow({ state: 'loading' }, 1, { amount: 0 }), false);
  });

  it('the submit button and the status line', () => {
    assert.equal(submitLabel(false, 1, t), 'Generate');
    assert.equal(submitLabel(false, 3, t), 'Generate 3 videos');
    assert.equal(submitLabel(true, 3, t), 'Sending…');
    assert.equal(statusText({ kind: 'error', says: 'fixFields', count: 1 }, t), 'One field needs attention before generating.');
    assert.equal(statusText({ kind: 'info', says: 'sending' }, t), 'Sending the request…');
  });

  it('slot words follow what the slot accepts and holds, not its field name', () => {
    assert.equal(slotText(slot(REFS, 'image_urls'), 0, t).badge, 'Required · 1–3 images');
    assert.equal(slotText(slot(REFS, 'image_urls'), 0, t).drop, 'Drop images from the Explorer (hold Shift), or:');
    assert.equal(slotText(slot(REFS, 'image_urls'), 1, t).drop, 'Add more: drop from the Explorer (hold Shift), or:');
    assert.equal(slotText(slot(I2V, 'image_url'), 0, t).drop, 'Drop an image from the Explorer (hold Shift), or:');
    assert.equal(slotText(slot(I2V, 'image_url'), 1, t).drop, 'Replace it: drop another (hold Shift), or:');
    assert.equal(slotText(slot(EXTEND, 'video_url'), 0, t).drop, 'Drop a video from the Explorer (hold Shift), or:');
    assert.equal(slotText(slot(LITE, 'last_image_url'), 0, t).badge, 'Optional');
    assert.equal(mediaHeading(model(I2V), t), 'Images');
    assert.equal(mediaHeading(model(LITE), t), 'Images (optional)');
    assert.equal(mediaHeading(model(EXTEND), t), 'Video');
    assert.equal(listNote('image', 0, 0, 0, '', t).text, 'No images in this workspace. Use Browse… or a URL.');
    assert.equal(listNote('video', 4, 0, 0, 'boat', t).text, 'No videos match “boat”.');
    assert.deepEqual(listNote('image', 100, 80, 60, '', t), { text: '20 more: type to narrow the list.', hidden: false, placeholder: 'Search 100 workspace images' });
    assert.equal(listNote('image', 10, 5, 5, 'a', t).hidden, true);
  });
});

describe('webview code and the media vocabulary', () => {
  it('no file under src/webview names a media field: they all go through core/catalog/media', () => {
    const dir = path.join(PROJECT_ROOT, 'src', 'webview');
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts'));
    assert.ok(files.length > 20, 'reads the webview code');
    const named: string[] = [];
    for (const e of files) {
      const file = path.join(e.parentPath, e.name);
      // Comments may give examples; code may not decide by name.
      const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const field of MEDIA_FIELDS) {
        if (new RegExp(`(['"\`])${field}\\1|\\.${field}\\b`).test(code)) named.push(`${path.relative(PROJECT_ROOT, file)}: ${field}`);
      }
    }
    assert.deepEqual(named, []);
  });
});
