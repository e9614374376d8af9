// The FCPXML 1.10 export: its exact text for the 3-shot list, accepted by an independent XML
// reader (xmllint) that also gives the prompts back unchanged, and its rational times.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toFcpxml } from '../../src/core/sequence/fcpxml';
import { readMp4Facts } from '../../src/core/sequence/mp4Reader';
import type { Sequence, SequenceClip } from '../../src/core/sequence/sequence';
import { attrs, xmlAttr, xmlText } from '../../src/core/sequence/xml';
import { FIXTURES, tempDir } from '../support/paths';
import { PROMPTS, threeShots } from '../support/sequenceShots';

// Two formats: 24 fps 320x180 (two clips, so the sequence's) and 30 fps 256x144. The sequence
// starts at 01:00:00:00 (3600 s); the 30 fps clip's 3 s are 72 frames of the sequence.
const GOLDEN = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="1.10">
    <resources>
        <format id="r1" frameDuration="1/24s" width="320" height="180"/>
        <format id="r2" frameDuration="1/30s" width="256" height="144"/>
        <asset id="r3" name="shot-01" start="0s" duration="4s" hasVideo="1" format="r1" hasAudio="1" videoSources="1" audioSources="1" audioChannels="1" audioRate="44100">
            <media-rep kind="original-media" src="file:///projects/My%20Film/videos/shot-01.mp4"/>
        </asset>
        <asset id="r4" name="shot-02 (ext)" start="0s" duration="7s" hasVideo="1" format="r1" hasAudio="1" videoSources="1" audioSources="1" audioChannels="1" audioRate="48000">
            <media-rep kind="original-media" src="file:///projects/My%20Film/videos/shot-02%20(ext).mp4"/>
        </asset>
        <asset id="r5" name="café #4" start="0s" duration="3s" hasVideo="1" format="r2" hasAudio="1" videoSources="1" audioSources="1" audioChannels="1" audioRate="44100">
            <media-rep kind="original-media" src="file:///projects/My%20Film/videos/caf%C3%A9%20%234.mp4"/>
        </asset>
    </resources>
    <library>
        <event name="Storyboard &quot;Act 1&quot; &lt;draft&gt; &amp; more 🎬">
            <project name="Storyboard &quot;Act 1&quot; &lt;draft&gt; &amp; more 🎬">
                <sequence format="r1" duration="14s" tcStart="3600s" tcFormat="NDF" audioLayout="stereo" audioRate="48k">
                    <spine>
                        <asset-clip ref="r3" offset="3600s" name="shot-01" start="0s" duration="4s" format="r1" tcFormat="NDF">
                            <note>She says "hello" &amp; waves &lt;softly&gt; 🎬</note>
                            <metadata>
                                <md key="com.apple.proapps.studio.shot" value="1"/>
                                <md key="com.apple.proapps.spotlight.kMDItemDescription" value="model google/veo-3.1-t2v, seed 42, job job-1, cost $0.60"/>
                            </metadata>
                        </asset-clip>
                        <asset-clip ref="r4" offset="3604s" name="shot-02 (ext)" start="0s" duration="7s" format="r1" tcFormat="NDF">
                            <note>Line one
Line two — a\ttab, ‘curly’ quotes, crème brûlée…</note>
                            <metadata>
                                <md key="com.apple.proapps.studio.shot" value="2"/>
                                <md key="com.apple.proapps.spotlight.kMDItemDescription" value="model google/veo-3.1-extend"/>
                            </metadata>
                        </asset-clip>
                        <asset-clip ref="r5" offset="3611s" name="café #4" start="0s" duration="3s" format="r2" tcFormat="NDF">
                            <note>&lt;script&gt;alert('x')&lt;/script&gt; &amp; 👩‍👩‍👧 family 🐱 end</note>
                            <metadata>
                                <md key="com.apple.proapps.studio.shot" value="4"/>
                                <md key="com.apple.proapps.spotlight.kMDItemDescription" value="model google/veo-3.1-i2v-fast, seed 7, job job-3, cost $3.20"/>
                            </metadata>
                        </asset-clip>
                    </spine>
                </sequence>
            </project>
        </event>
    </library>
</fcpxml>
`;

const hasXmllint = spawnSync('xmllint', ['--version']).error === undefined;

/** Runs xmllint on the text; returns its output, or fails with its messages. */
function xmllint(text: string, ...args: string[]): string {
  const dir = tempDir('fcpxml');
  try {
    const file = path.join(dir, 'storyboard.fcpxml');
    fs.writeFileSync(file, text);
    const run = spawnSync('xmllint', [...args, file], { encoding: 'utf8' });
    assert.equal(run.status, 0, `xmllint ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fixture = (name: string) => readMp4Facts(path.join(FIXTURES, 'sequence', name));
const clip = (file: string, media: SequenceClip['media'], shotIndex: number): SequenceClip => ({ file: `/v/${file}`, media, shotIndex, output: file.replace(/\.mp4$/, ''), prompt: `shot ${shotIndex + 1}`, model: 'google/veo-3.1-t2v' });

describe('sequence: FCPXML 1.10 export', () => {
  it('writes the exact FCPXML for a 3-shot list with awkward prompts', async () => {
    assert.equal(toFcpxml(await threeShots()), GOLDEN);
  });

  it('is well-formed XML to xmllint, which reads every prompt and name back as written', async function () {
    if (!hasXmllint) {
      console.log('      xmllint is not installed here, so this check is skipped: bash test/support/system-deps.sh tests installs it');
      this.skip();
    }
    const sequence = await threeShots();
    const text = toFcpxml(sequence);
    assert.equal(xmllint(text, '--noout'), '');
    // xmllint prints a line break after the value.
    const xpath = (expression: string) => xmllint(text, '--xpath', expression).replace(/\n$/, '');
    PROMPTS.forEach((prompt, i) => {
      // XML turns CR LF into LF; the bell (U+0007) cannot be carried by XML 1.0 at all.
      const written = prompt.replace(/\r\n/g, '\n').replaceAll('\u0007', '');
      assert.equal(xpath(`string(/fcpxml/library/event/project/sequence/spine/asset-clip[${i + 1}]/note)`), written);
      assert.equal(xpath(`string(/fcpxml/library/event/project/sequence/spine/asset-clip[${i + 1}]/@name)`), sequence.clips[i]!.output);
    });
    assert.equal(xpath('string(/fcpxml/library/event/@name)'), sequence.title);
    assert.equal(xpath('string(//asset[3]/media-rep/@src)'), 'file:///projects/My%20Film/videos/caf%C3%A9%20%234.mp4');
    assert.equal(xpath('count(//spine/asset-clip)'), '3');
    assert.equal(xpath('string(//asset-clip[3]/metadata/md[2]/@value)'), 'model google/veo-3.1-i2v-fast, seed 7, job job-3, cost $3.20');
  });

  it('writes NTSC rates as exact fractions, on frame boundaries, from 01:00:00:00', async () => {
    const ntsc = await fixture('silent-2s-23976.mp4');
    const text = toFcpxml({ title: 'ntsc', clips: [clip('a.mp4', ntsc, 0), clip('b.mp4', ntsc, 1)] });
    assert.match(text, /<format id="r1" frameDuration="1001\/24000s" width="320" height="180"\/>/);
    // 48 frames of 1001/24000 s; no sound, so no audio attributes.
    assert.match(text, /<asset id="r2" name="a" start="0s" duration="1001\/500s" hasVideo="1" format="r1" videoSources="1">/);
    // 01:00:00:00 in non-drop timecode is 86400 frames: 3603.6 s.
    assert.match(text, /<sequence format="r1" duration="1001\/250s" tcStart="18018\/5s" tcFormat="NDF"/);
    assert.match(text, /<asset-clip ref="r2" offset="18018\/5s" name="a" start="0s" duration="1001\/500s"/);
    assert.match(text, /<asset-clip ref="r3" offset="1802801\/500s" name="b" start="0s" duration="1001\/500s"/);
  });

  it('takes the format most clips share for the sequence, and one asset per file', async () => {
    const [thirty, four] = await Promise.all([fixture('shot-3s-30fps-256x144.mp4'), fixture('shot-4s-24fps.mp4')]);
    const sequence: Sequence = { title: 'mix', clips: [clip('odd.mp4', thirty, 0), clip('a.mp4', four, 1), clip('a.mp4', four, 2)] };
    const text = toFcpxml(sequence);
    assert.match(text, /<format id="r1" frameDuration="1\/24s" width="320" height="180"\/>\n {8}<format id="r2" frameDuration="1\/30s" width="256" height="144"\/>/);
    assert.match(text, /<sequence format="r1" duration="11s"/);
    assert.equal(text.match(/<asset /g)?.length, 2);
    assert.deepEqual([...text.matchAll(/<asset-clip ref="(r\d)" offset="(\d+s)"/g)].map((m) => `${m[1]}@${m[2]}`), ['r3@3600s', 'r4@3603s', 'r4@3607s']);
  });

  it('escapes text and attributes and drops what XML 1.0 cannot hold', () => {
    assert.equal(xmlText('a < b && c > d\r\n"q"'), 'a &lt; b &amp;&amp; c &gt; d\n"q"');
    assert.equal(xmlAttr('say "hi"\n\tto <all> & \u0000\ud800!'), 'say &quot;hi&quot;&#10;&#9;to &lt;all&gt; &amp; \ufffd!');
    assert.equal(xmlAttr('🎬 ok'), '🎬 ok');
    assert.equal(attrs([['a', 1], ['b', undefined], ['c', '"']]), ' a="1" c="&quot;"');
  });
});
