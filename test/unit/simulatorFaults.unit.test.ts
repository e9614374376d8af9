// The simulator's fault and instrumentation additions the hardening tests lean on: numeric
// ids, a video URL published late, clearing queued faults (the network is back), and the
// peak of concurrent CDN requests. Plain HTTP (node-fetch) against the simulator.
import assert from 'node:assert/strict';
import fetch from 'node-fetch';
import { SimulatorControl } from '../simulator/control';
import { json, simHttp } from '../support/simHttp';
import { useSimulator } from '../support/useSimulator';

describe('simulator: faults for hardening', () => {
  const sim = useSimulator({ logsDelayMs: 0 });
  const http = simHttp(sim);

  it('answers numeric ids as JSON numbers, on the create and on the poll', async () => {
    sim.nextJob({ idAsNumber: true, id: '31337', queueMs: 0, generateMs: 0 });
    const created = await json(await http.create({ model: 'google/veo-3.1-t2v', prompt: 'a dragon' }));
    assert.equal(created['id'], 31337);
    const polled = await json(await http.poll('31337'));
    assert.equal(polled['id'], 31337);
    assert.equal(polled['status'], 'completed');
  });

  it('publishes a completed job\'s video URL only after videoUrlAfterMs', async () => {
    sim.nextJob({ queueMs: 0, generateMs: 1_000, videoUrlAfterMs: 60_000 });
    const id = await http.createId();
    await sim.clock.advance(2_000);
    const early = await json(await http.poll(id));
    assert.equal(early['status'], 'completed');
    assert.equal(early['video'], null);
    await sim.clock.advance(60_000);
    const late = await json(await http.poll(id));
    assert.match(String((late['video'] as { url?: string } | null)?.url), /\/videos\//);
  });

  it('clearFaults drops every queued fault, in-process and through the control route', async () => {
    sim.fault({ on: 'poll', status: 503, times: 100 });
    assert.equal((await http.poll('x')).status, 503);
    sim.clearFaults();
    assert.equal((await http.poll('x')).status, 404, 'the real answer again');
    sim.fault({ on: 'poll', status: 503, times: 100 });
    await new SimulatorControl(sim.apiUrl).clearFaults();
    assert.equal((await http.poll('x')).status, 404);
  });

  it('counts the most CDN requests answered at once', async () => {
    sim.nextJob({ queueMs: 0, generateMs: 0, videoBytes: 200_000 });
    const id = await http.createId();
    const url = (await json(await http.poll(id)))['video'] as { url: string };
    sim.fault({ on: 'cdn', bytesPerSecond: 1_000_000 });
    sim.fault({ on: 'cdn', bytesPerSecond: 1_000_000 });
    await Promise.all([fetch(url.url).then((r) => r.arrayBuffer()), fetch(url.url).then((r) => r.arrayBuffer())]);
    assert.equal(sim.cdnPeakConcurrency(), 2);
    await fetch(url.url).then((r) => r.arrayBuffer());
    assert.equal(sim.cdnPeakConcurrency(), 2, 'a peak, not a count');
    sim.reset();
    assert.equal(sim.cdnPeakConcurrency(), 0);
  });
});
