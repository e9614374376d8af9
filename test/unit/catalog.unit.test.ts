import assert from 'node:assert/strict';
import { allModels, buildRequestBody, findModel, isMediaReference, normaliseOption, option, requestSchema, resolveOptions } from '../../src/core/catalog/catalog';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const MP4 = 'data:video/mp4;base64,AAAAIGZ0eXA=';
const URL_A = 'https://example.com/a.png';

describe('model catalog', () => {
  it('describes all eleven Veo 3.1 models, each once', () => {
    const ids = allModels().map((m) => m.id);
    assert.deepEqual(new Set(ids).size, ids.length);
    for (const id of [
      'google/veo-3.1-t2v-fast', 'google/veo-3.1-t2v', 'google/veo-3.1-i2v', 'google/veo-3.1-i2v-fast',
      'google/veo-3.1-first-last-image-to-video', 'google/veo-3.1-first-last-image-to-video-fast',
      'google/veo-3.1-reference-to-video', 'google/veo-3.1-lite-generate-001', 'google/veo-3-1-lite-generate-preview',
      'google/veo3-1-extend-video', 'google/veo3-1-fast-extend-video',
    ]) assert.ok(findModel(id), id);
    assert.equal(ids.length, 11);
  });

  it('gives every option a label, a description and, for enums, a default among its values', () => {
    for (const m of allModels()) {
      assert.ok(m.label && m.description, m.id);
      for (const o of m.options) {
        assert.ok(o.label && o.description, `${m.id} ${o.key}`);
        if (o.kind === 'enum') assert.ok(o.values.includes(o.default), `${m.id} ${o.key} default`);
      }
    }
  });

  it('finds lite-001 by the unprefixed id of its schema and sends the prefixed one', () => {
    assert.equal(findModel('veo-3.1-lite-generate-001')?.id, 'google/veo-3.1-lite-generate-001');
    const r = buildRequestBody({ model: 'veo-3.1-lite-generate-001', prompt: 'p', media: {}, options: {} });
    assert.ok(r.ok);
    assert.equal(r.value.model, 'google/veo-3.1-lite-generate-001');
  });

  it('fills documented defaults, omits provider and empty optional fields', () => {
    const r = buildRequestBody({ model: 'google/veo-3.1-t2v-fast', prompt: '  a dragon  ', media: {}, options: {} });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value, {
      model: 'google/veo-3.1-t2v-fast', prompt: 'a dragon', aspect_ratio: '16:9', duration: 8, resolution: '1080p',
      generate_audio: true, enhance_prompt: true, auto_fix: true,
    });
  });

  it('normalises durations given as strings to integers', () => {
    const r = buildRequestBody({ model: 'google/veo-3.1-t2v-fast', prompt: 'p', media: {}, options: { duration: '6' } });
    assert.ok(r.ok);
    assert.equal(r.value['duration'], 6);
  });

  it("writes lite-001's resolution in upper case whatever the user typed", () => {
    const r = buildRequestBody({ model: 'google/veo-3.1-lite-generate-001', prompt: 'p', media: {}, options: { resolution: '1080p' } });
    assert.ok(r.ok);
    assert.equal(r.value['resolution'], '1080P');
    const d = buildRequestBody({ model: 'google/veo-3.1-lite-generate-001', prompt: 'p', media: {}, options: {} });
    assert.ok(d.ok);
    assert.equal(d.value['resolution'], '720P');
    assert.equal(d.value['provider'], undefined);
    assert.equal(d.value['person_generation'], 'allow_adult');
  });

  it('fixes reference-to-video at 8 s, without aspect ratio, with 1 to 3 images', () => {
    const ok = buildRequestBody({ model: 'google/veo-3.1-reference-to-video', prompt: 'p', media: { image_urls: [URL_A, PNG] }, options: {} });
    assert.ok(ok.ok);
    assert.equal(ok.value['duration'], 8);
    assert.equal('aspect_ratio' in ok.value, false);
    const six = buildRequestBody({ model: 'google/veo-3.1-reference-to-video', prompt: 'p', media: { image_urls: [URL_A] }, options: { duration: 6 } });
    assert.ok(!six.ok);
    assert.equal(six.issues[0]?.field, 'duration');
    const ar = buildRequestBody({ model: 'google/veo-3.1-reference-to-video', prompt: 'p', media: { image_urls: [URL_A] }, options: { aspect_ratio: '16:9' } });
    assert.ok(!ar.ok);
    assert.match(ar.issues[0]!.message, /not an option/);
    const four = buildRequestBody({ model: 'google/veo-3.1-reference-to-video', prompt: 'p', media: { image_urls: [URL_A, URL_A, URL_A, URL_A] }, options: {} });
    assert.ok(!four.ok);
    assert.deepEqual(four.issues.map((i) => i.field), ['image_urls']);
    const none = buildRequestBody({ model: 'google/veo-3.1-reference-to-video', prompt: 'p', media: { image_urls: [] }, options: {} });
    assert.ok(!none.ok);
  });

  it('fixes extend at 7 s and 720p and takes a video, not an image', () => {
    const ok = buildRequestBody({ model: 'google/veo3-1-extend-video', prompt: 'p', media: { video_url: MP4 }, options: {} });
    assert.ok(ok.ok, JSON.stringify(ok));
    assert.equal(ok.value['duration'], 7);
    assert.equal(ok.value['resolution'], '720p');
    assert.equal(ok.value['aspect_ratio'], 'auto');
    assert.equal(ok.value['auto_fix'], false);
    const img = buildRequestBody({ model: 'google/veo3-1-extend-video', prompt: 'p', media: { video_url: PNG }, options: {} });
    assert.ok(!img.ok);
    assert.equal(img.issues[0]?.field, 'video_url');
    const res = buildRequestBody({ model: 'google/veo3-1-fast-extend-video', prompt: 'p', media: { video_url: MP4 }, options: { resolution: '1080p' } });
    assert.ok(!res.ok);
  });

  it('requires the images each model needs, and names the field', () => {
    const i2v = buildRequestBody({ model: 'google/veo-3.1-i2v', prompt: 'p', media: {}, options: {} });
    assert.ok(!i2v.ok);
    assert.deepEqual(i2v.issues.map((i) => i.field), ['image_url']);
    const fl = buildRequestBody({ model: 'google/veo-3.1-first-last-image-to-video', prompt: 'p', media: { image_url: PNG }, options: {} });
    assert.ok(!fl.ok);
    assert.deepEqual(fl.issues.map((i) => i.field), ['last_image_url']);
    const http = buildRequestBody({ model: 'google/veo-3.1-i2v', prompt: 'p', media: { image_url: 'http://example.com/a.png' }, options: {} });
    assert.ok(!http.ok, 'plain http image URLs are refused');
    const gif = buildRequestBody({ model: 'google/veo-3.1-i2v', prompt: 'p', media: { image_url: 'data:image/gif;base64,R0lG' }, options: {} });
    assert.ok(!gif.ok);
  });

  it('lets lite take no frame, a first frame, or both, and needs 8 s with a last frame', () => {
    const m = 'google/veo-3.1-lite-generate-001';
    assert.ok(buildRequestBody({ model: m, prompt: 'p', media: { image_url: PNG }, options: { duration: 4 } }).ok);
    const short = buildRequestBody({ model: m, prompt: 'p', media: { image_url: PNG, last_image_url: PNG }, options: { duration: 6 } });
    assert.ok(!short.ok);
    assert.deepEqual(short.issues, [{ field: 'duration', message: 'With a last frame the clip must be 8 s long.' }]);
    assert.ok(buildRequestBody({ model: m, prompt: 'p', media: { image_url: PNG, last_image_url: PNG }, options: {} }).ok);
  });

  it('refuses an empty prompt, an unknown model and unknown or wrong options with readable messages', () => {
    const blank = buildRequestBody({ model: 'google/veo-3.1-t2v', prompt: '   ', media: {}, options: {} });
    assert.ok(!blank.ok);
    assert.deepEqual(blank.issues.map((i) => i.field), ['prompt']);
    const unknown = buildRequestBody({ model: 'google/veo-9', prompt: 'p', media: {}, options: {} });
    assert.ok(!unknown.ok);
    assert.match(unknown.issues[0]!.message, /Unknown model "google\/veo-9"/);
    const wrong = resolveOptions(findModel('google/veo-3.1-t2v')!, { aspect_ratio: '1:1', seed: 1.5, generate_audio: 'yes', colour: 'red' });
    assert.ok(!wrong.ok);
    assert.deepEqual(wrong.issues.map((i) => i.field), ['aspect_ratio', 'seed', 'generate_audio', 'colour']);
    assert.match(wrong.issues[0]!.message, /Aspect ratio must be one of 16:9, 9:16/);
  });

  it('accepts seeds as numbers or digit strings within range, and sends them only when given', () => {
    const spec = option(findModel('google/veo-3.1-t2v-fast')!, 'seed')!;
    assert.deepEqual(normaliseOption(spec, '42'), { ok: true, value: 42 });
    assert.ok(!normaliseOption(spec, -1).ok);
    assert.ok(!normaliseOption(spec, 2 ** 32).ok);
    const r = buildRequestBody({ model: 'google/veo-3.1-t2v-fast', prompt: 'p', media: {}, options: { seed: 7, negative_prompt: 'rain' } });
    assert.ok(r.ok);
    assert.equal(r.value['seed'], 7);
    assert.equal(r.value['negative_prompt'], 'rain');
  });

  it('validates complete bodies with a zod schema that refuses unknown fields', () => {
    const schema = requestSchema(findModel('google/veo-3.1-i2v')!);
    assert.ok(schema.safeParse({ model: 'google/veo-3.1-i2v', prompt: 'p', image_url: URL_A, duration: 8 }).success);
    assert.ok(!schema.safeParse({ model: 'google/veo-3.1-i2v', prompt: 'p', image_url: URL_A, duration: '8' }).success);
    assert.ok(!schema.safeParse({ model: 'google/veo-3.1-i2v', prompt: 'p', image_url: URL_A, tail_image_url: URL_A }).success);
  });

  it('recognises https URLs and data URIs of the right media kind', () => {
    assert.ok(isMediaReference('https://cdn.example.com/x.jpg', 'image'));
    assert.ok(isMediaReference('data:image/webp;base64,UklGRg==', 'image'));
    assert.ok(!isMediaReference('data:image/svg+xml;base64,PHN2Zz4=', 'image'));
    assert.ok(!isMediaReference('file:///etc/passwd', 'image'));
    assert.ok(isMediaReference(MP4, 'video'));
    assert.ok(!isMediaReference(MP4, 'image'));
  });
});
