// The five models Veo Studio started from (the provider's seed pages), each submitted
// through `veoStudio.generate` with an argument object: the simulator must receive exactly
// the documented body — workspace images as data URIs, integer durations, lite's
// upper-case resolution, and nothing the model does not take.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sim, useSimKey, waitForJob, workspaceRoot } from './support';

function dataUri(file: string, mime: string): string {
  return `data:${mime};base64,${fs.readFileSync(path.join(workspaceRoot(), file)).toString('base64')}`;
}

describe('the five seed models through veoStudio.generate', function () {
  this.timeout(60_000);
  useSimKey();

  const cases: Array<{ name: string; args: () => Record<string, unknown>; body: () => Record<string, unknown> }> = [
    {
      name: 'google/veo-3.1-t2v-fast: prompt only, every option the page documents',
      args: () => ({
        model: 'google/veo-3.1-t2v-fast',
        prompt: 'A menacing dragon rushes toward the camera',
        options: { aspect_ratio: '9:16', duration: '4', resolution: '720p', negative_prompt: 'text, watermark', enhance_prompt: false, generate_audio: false, seed: '7', auto_fix: true },
      }),
      body: () => ({
        model: 'google/veo-3.1-t2v-fast',
        prompt: 'A menacing dragon rushes toward the camera',
        aspect_ratio: '9:16',
        duration: 4,
        resolution: '720p',
        generate_audio: false,
        negative_prompt: 'text, watermark',
        enhance_prompt: false,
        seed: 7,
        auto_fix: true,
      }),
    },
    {
      name: 'google/veo-3.1-i2v: a workspace image as a data URI, defaults stated',
      args: () => ({ model: 'google/veo-3.1-i2v', prompt: 'The woman puts on glasses', images: ['images/bars-720p.jpg'] }),
      body: () => ({
        model: 'google/veo-3.1-i2v',
        prompt: 'The woman puts on glasses',
        image_url: dataUri('images/bars-720p.jpg', 'image/jpeg'),
        aspect_ratio: '16:9',
        duration: 8,
        resolution: '1080p',
        generate_audio: true,
      }),
    },
    {
      name: 'google/veo-3.1-first-last-image-to-video: first and last frame, one a Uri, one an https URL',
      args: () => ({
        model: 'google/veo-3.1-first-last-image-to-video',
        prompt: 'A woman exclaims "Hello world!"',
        images: [vscode.Uri.file(path.join(workspaceRoot(), 'images', 'frame-720p.png'))],
        lastImage: 'https://example.com/last-frame.jpeg',
        options: { duration: 6 },
      }),
      body: () => ({
        model: 'google/veo-3.1-first-last-image-to-video',
        prompt: 'A woman exclaims "Hello world!"',
        image_url: dataUri('images/frame-720p.png', 'image/png'),
        last_image_url: 'https://example.com/last-frame.jpeg',
        aspect_ratio: '16:9',
        duration: 6,
        resolution: '1080p',
        generate_audio: true,
      }),
    },
    {
      name: 'google/veo-3.1-reference-to-video: up to three references, 8 s, no aspect ratio',
      args: () => ({
        model: 'google/veo-3.1-reference-to-video',
        prompt: 'A ballerina dances outside a circus tent',
        referenceImages: ['images/frame-720p.png', 'images/mandel-720p.webp', 'https://example.com/ref-3.png'],
        options: { duration: '8' },
      }),
      body: () => ({
        model: 'google/veo-3.1-reference-to-video',
        prompt: 'A ballerina dances outside a circus tent',
        image_urls: [dataUri('images/frame-720p.png', 'image/png'), dataUri('images/mandel-720p.webp', 'image/webp'), 'https://example.com/ref-3.png'],
        duration: 8,
        resolution: '1080p',
        generate_audio: true,
      }),
    },
    {
      name: 'google/veo-3.1-lite-generate-001: upper-case resolution, integer duration, last_image_url (never tail_image_url), no provider',
      args: () => ({
        model: 'google/veo-3.1-lite-generate-001',
        prompt: 'Mona Lisa puts on her glasses, then takes them off',
        images: ['images/frame-720p.png'],
        lastImage: 'images/bars-720p.jpg',
        options: { duration: '8', resolution: '1080p', person_generation: 'dont_allow' },
      }),
      body: () => ({
        model: 'google/veo-3.1-lite-generate-001',
        prompt: 'Mona Lisa puts on her glasses, then takes them off',
        image_url: dataUri('images/frame-720p.png', 'image/png'),
        last_image_url: dataUri('images/bars-720p.jpg', 'image/jpeg'),
        aspect_ratio: '16:9',
        resolution: '1080P',
        duration: 8,
        generate_audio: true,
        person_generation: 'dont_allow',
      }),
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      await sim().reset();
      const id = await vscode.commands.executeCommand<string>('veoStudio.generate', c.args());
      const posts = await sim().posts();
      assert.equal(posts.length, 1);
      assert.deepEqual(posts[0]!.body, c.body());
      const job = await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
      assert.equal(job.status, 'completed', job.error?.message);
    });
  }
});
