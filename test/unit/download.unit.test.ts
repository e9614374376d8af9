// The downloader against real HTTP: the simulator's CDN origin, plus a few tiny loopback
// servers of our own for what a CDN does only when things go wrong (no Content-Length,
// a body that stops mid-way). Nothing is mocked: every case goes through node-fetch, the
// socket and the file system, and every failure case checks that the folder holds nothing
// new afterwards.
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import fetch from 'node-fetch';
import { DownloadError, type DownloadErrorKind } from '../../src/core/download/downloadErrors';
import { downloadToFile, type DownloadOptions } from '../../src/core/download/downloader';
import { removeStaleTemps, tempFileName } from '../../src/core/download/tempFiles';
import { formatBytes } from '../../src/core/util/format';
import { placeUnique, writeFileExclusive } from '../../src/core/download/files';
import { baseNameFromPrompt, InvalidFileNameError, sanitiseBaseName } from '../../src/core/download/naming';
import { FIXTURES } from '../support/paths';
import { until } from '../support/until';
import { SIM_KEY as DEFAULT_API_KEY, useSimulator } from '../support/useSimulator';

const FIXTURE = readFileSync(path.join(FIXTURES, 'sample.mp4'));
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------- helpers

/** A loopback server of our own; `requests` counts what reached it, `closed` the sockets it saw end. */
interface OwnServer {
  url: string;
  requests: number;
  closed: number;
  close(): Promise<void>;
}

async function ownServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<OwnServer> {
  const state = { requests: 0, closed: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    req.socket.once('close', () => state.closed++);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get closed() {
      return state.closed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** For until(): what these tests wait for happens within milliseconds. */
const SOON = { timeoutMs: 2000, intervalMs: 10 };

/** Runs a download that must fail, and returns its typed error. */
async function failure(options: DownloadOptions, kind: DownloadErrorKind): Promise<DownloadError> {
  try {
    const result = await downloadToFile(options);
    assert.fail(`expected a ${kind} error, but the download saved ${result.file}`);
  } catch (error) {
    assert.ok(error instanceof DownloadError, `expected a DownloadError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
}

async function listing(folder: string): Promise<string[]> {
  try {
    return (await fsp.readdir(folder)).sort();
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------- suites

describe('downloader', function () {
  this.timeout(5000);
  // Jobs complete at once: these tests are about the download, not the wait.
  const sim = useSimulator({ timing: () => ({ queueMs: 0, generateMs: 0 }) });
  let root: string;
  let folder: string;

  before(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'veo-download-'));
  });
  after(async () => {
    await fsp.rm(root, { recursive: true, force: true });
  });
  let n = 0;
  beforeEach(() => {
    // A folder that does not exist yet: the downloader must create it.
    folder = path.join(root, `case-${++n}`, 'videos');
  });

  /** A finished job's video URL, the way the extension gets it: create with the key, poll once. */
  async function completedVideoUrl(): Promise<string> {
    const auth = { Authorization: `Bearer ${DEFAULT_API_KEY}` };
    const created = await fetch(`${sim.apiUrl}/v2/video/generations`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'google/veo-3.1-t2v-fast', prompt: 'a lighthouse at dusk' }),
    });
    const { id } = (await created.json()) as { id: string };
    const polled = await fetch(`${sim.apiUrl}/v2/video/generations?generation_id=${encodeURIComponent(id)}`, { headers: auth });
    const body = (await polled.json()) as { status: string; video?: { url?: string } };
    assert.equal(body.status, 'completed');
    assert.ok(body.video?.url);
    return body.video.url;
  }

  const cdnRequests = (): number => sim.requests.filter((r) => r.origin === 'cdn').length;

  describe('a normal download', () => {
    it('saves the video byte-identical, and the CDN never sees an Authorization header', async () => {
      const url = await completedVideoUrl();
      const progress: Array<[number, number | undefined]> = [];
      const result = await downloadToFile({ url, folder, baseName: 'lighthouse', maxBytes: 10 * MB, onProgress: (r, t) => progress.push([r, t]) });

      assert.equal(result.file, path.join(folder, 'lighthouse.mp4'));
      assert.equal(result.bytes, FIXTURE.length);
      assert.ok((await fsp.readFile(result.file)).equals(FIXTURE), 'saved bytes differ from test/fixtures/sample.mp4');
      assert.deepEqual(await listing(folder), ['lighthouse.mp4'], 'no temp file left beside it');
      assert.deepEqual(progress.at(-1), [FIXTURE.length, FIXTURE.length]);

      // The API calls above did carry the key, so the check below is meaningful.
      assert.ok(sim.requests.some((r) => r.origin === 'api' && r.headers['authorization']));
      assert.equal(sim.cdnAuthorizationSeen(), false);
      const [cdn] = sim.requests.filter((r) => r.origin === 'cdn');
      assert.ok(cdn);
      assert.deepEqual(Object.keys(cdn.headers).filter((h) => !['host', 'connection', 'accept', 'user-agent'].includes(h)), [], 'no headers of ours beyond a User-Agent');
    });

    it('saves a body sent without Content-Length (chunked) and reports an unknown total', async () => {
      const server = await ownServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'video/mp4' });
        res.write(FIXTURE.subarray(0, 1000));
        res.end(FIXTURE.subarray(1000));
      });
      try {
        let total: number | undefined = -1;
        const result = await downloadToFile({ url: `${server.url}/v.mp4`, folder, baseName: 'chunked', maxBytes: 10 * MB, onProgress: (_r, t) => (total = t) });
        assert.ok((await fsp.readFile(result.file)).equals(FIXTURE));
        assert.equal(total, undefined);
      } finally {
        await server.close();
      }
    });

    it('reuses and replaces a resumed job’s leftover temp file, whatever characters its tag has', async () => {
      const tag = 'dfb91aa0-1c2e:google/veo-3.1-i2v';
      const name = tempFileName(tag);
      assert.match(name, /^\.veo-[A-Za-z0-9_-]+\.part$/, 'the job id’s ":" and "/" must not reach the file name');
      assert.notEqual(tempFileName('a:b'), tempFileName('a/b'), 'different tags never share a temp file');
      await fsp.mkdir(folder, { recursive: true });
      await fsp.writeFile(path.join(folder, name), 'half of an earlier attempt, and then some more garbage');

      const result = await downloadToFile({ url: `${sim.cdnUrl}/blob/4000`, folder, baseName: 'resumed', tempTag: tag, maxBytes: MB });
      assert.equal((await fsp.stat(result.file)).size, 4000);
      assert.deepEqual(await listing(folder), ['resumed.mp4']);
    });

    it('replaces a symlink planted under the temp name instead of writing through it', async () => {
      const victim = path.join(root, `victim-${n}.txt`);
      await fsp.writeFile(victim, 'precious');
      await fsp.mkdir(folder, { recursive: true });
      await fsp.symlink(victim, path.join(folder, tempFileName('job-7')));

      const result = await downloadToFile({ url: `${sim.cdnUrl}/blob/4000`, folder, baseName: 'planted', tempTag: 'job-7', maxBytes: MB });
      assert.equal((await fsp.lstat(result.file)).isSymbolicLink(), false);
      assert.equal((await fsp.stat(result.file)).size, 4000);
      assert.equal(await fsp.readFile(victim, 'utf8'), 'precious');
    });
  });

  describe('never overwrites', () => {
    it('picks name-2, name-3 … and leaves existing files untouched', async () => {
      await fsp.mkdir(folder, { recursive: true });
      await fsp.writeFile(path.join(folder, 'clip.mp4'), 'mine');
      await fsp.writeFile(path.join(folder, 'clip-2.mp4'), 'mine too');

      const result = await downloadToFile({ url: `${sim.cdnUrl}/blob/3000`, folder, baseName: 'clip', maxBytes: MB });
      assert.equal(result.file, path.join(folder, 'clip-3.mp4'));
      assert.equal(await fsp.readFile(path.join(folder, 'clip.mp4'), 'utf8'), 'mine');
      assert.equal(await fsp.readFile(path.join(folder, 'clip-2.mp4'), 'utf8'), 'mine too');
    });

    it('also skips a stem whose companion .json is taken', async () => {
      await fsp.mkdir(folder, { recursive: true });
      await fsp.writeFile(path.join(folder, 'clip.json'), '{"mine":true}');

      const result = await downloadToFile({ url: `${sim.cdnUrl}/blob/3000`, folder, baseName: 'clip', maxBytes: MB, companions: ['.json'] });
      assert.equal(result.file, path.join(folder, 'clip-2.mp4'));
      assert.deepEqual(await listing(folder), ['clip-2.mp4', 'clip.json']);
      assert.equal(await fsp.readFile(path.join(folder, 'clip.json'), 'utf8'), '{"mine":true}');
    });

    it('gives concurrent placements of one name distinct files, each with its own bytes', async () => {
      await fsp.mkdir(folder, { recursive: true });
      const temps = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const temp = path.join(folder, `.veo-t${i}.part`);
          await fsp.writeFile(temp, `take ${i}`);
          return temp;
        }),
      );
      const placed = await Promise.all(temps.map((t) => placeUnique(t, folder, 'same', '.mp4')));
      assert.equal(new Set(placed).size, 8);
      const contents = await Promise.all(placed.map((p) => fsp.readFile(p, 'utf8')));
      assert.deepEqual([...contents].sort(), temps.map((_, i) => `take ${i}`).sort());
      assert.deepEqual((await listing(folder)).filter((f) => f.endsWith('.part')), [], 'temps are gone');
    });

    it('writeFileExclusive writes once and refuses (EEXIST) to replace', async () => {
      await fsp.mkdir(folder, { recursive: true });
      const file = path.join(folder, 'clip.json');
      await writeFileExclusive(file, '{"first":true}');
      await assert.rejects(writeFileExclusive(file, '{"second":true}'), (e: NodeJS.ErrnoException) => e.code === 'EEXIST');
      assert.equal(await fsp.readFile(file, 'utf8'), '{"first":true}');
      assert.deepEqual(await listing(folder), ['clip.json'], 'no temp file left behind');
    });
  });

  describe('size limits', () => {
    it('refuses a Content-Length over the cap before reading the body', async () => {
      const error = await failure({ url: `${sim.cdnUrl}/blob/${2 * MB}`, folder, baseName: 'big', maxBytes: MB }, 'tooLarge');
      assert.equal(error.retryable, false);
      assert.match(error.message, /2 MB, larger than the 1 MB limit \(veoStudio\.maxDownloadMB\)/);
      assert.deepEqual(await listing(folder), []);
    });

    it('stops a body without Content-Length as soon as it passes the cap', async () => {
      let sent = 0;
      const server = await ownServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'video/mp4' });
        const chunk = Buffer.alloc(64 * 1024, 7);
        // An endless stream, so only the client's cap can end it.
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) sent += chunk.length;
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      });
      try {
        const error = await failure({ url: `${server.url}/endless.mp4`, folder, baseName: 'endless', maxBytes: MB }, 'tooLarge');
        assert.match(error.message, /larger than the 1 MB limit/);
        assert.deepEqual(await listing(folder), []);
        await until('the server to see the connection closed', () => server.closed === 1, SOON);
        assert.ok(sent < 16 * MB, `the client stopped the stream early (server wrote ${formatBytes(sent)})`);
      } finally {
        await server.close();
      }
    });

    it('calls fewer bytes than Content-Length truncated and keeps nothing', async () => {
      sim.fault({ on: 'cdn', truncateAt: 100_000 });
      const error = await failure({ url: `${sim.cdnUrl}/blob/300000`, folder, baseName: 'cut', maxBytes: MB }, 'truncated');
      assert.equal(error.retryable, true);
      assert.match(error.message, /ended after .* of 293 KB/);
      assert.deepEqual(await listing(folder), []);
    });
  });

  describe('redirects and transport', () => {
    it('follows a redirect chain within the limit', async () => {
      const result = await downloadToFile({ url: `${sim.cdnUrl}/redirect-chain/5/blob/1234`, folder, baseName: 'hops', maxBytes: MB });
      assert.equal(result.bytes, 1234);
      assert.equal(cdnRequests(), 6);
      assert.equal(sim.cdnAuthorizationSeen(), false);
    });

    it('stops after maxRedirects hops without following the next one', async () => {
      const error = await failure({ url: `${sim.cdnUrl}/redirect-chain/4/blob/10`, folder, baseName: 'hops', maxBytes: MB, maxRedirects: 3 }, 'redirects');
      assert.equal(error.retryable, false);
      assert.equal(cdnRequests(), 4, 'the first request and three followed hops, no more');
      assert.deepEqual(await listing(folder), []);
    });

    it('refuses a redirect to plain http on another host before connecting to it', async () => {
      const to = encodeURIComponent('http://example.com/stolen.mp4');
      const error = await failure({ url: `${sim.cdnUrl}/redirect?to=${to}`, folder, baseName: 'x', maxBytes: MB }, 'insecure');
      assert.match(error.message, /redirected to a link that was refused: plain http .* example\.com/);
      assert.equal(cdnRequests(), 1);
      assert.deepEqual(await listing(folder), []);
    });

    it('refuses a base name or extension that could leave the folder, before any request', async () => {
      const cases: Array<[string, string]> = [['../escape', '.mp4'], ['a/b', '.mp4'], ['..', '.mp4'], ['', '.mp4'], ['ok', '/../x'], ['ok', 'mp4']];
      for (const [baseName, extension] of cases) {
        await assert.rejects(downloadToFile({ url: `${sim.cdnUrl}/blob/10`, folder, baseName, extension, maxBytes: MB }), RangeError, `${baseName} ${extension}`);
      }
      await assert.rejects(placeUnique(path.join(root, 'none.part'), folder, '../x', '.mp4'), RangeError);
      assert.equal(cdnRequests(), 0);
      await assert.rejects(fsp.stat(folder), { code: 'ENOENT' });
    });

    it('refuses an insecure or non-http first URL without creating the folder', async () => {
      for (const url of ['http://cdn.example.com/v.mp4', 'file:///etc/passwd', 'not a url']) {
        await failure({ url, folder, baseName: 'x', maxBytes: MB }, 'insecure');
      }
      await assert.rejects(fsp.stat(folder), { code: 'ENOENT' });
    });
  });

  describe('HTTP errors', () => {
    it('calls 403 and 404 from the CDN "expired": retryable with a fresh URL', async () => {
      sim.fault({ on: 'cdn', status: 403 });
      const e403 = await failure({ url: `${sim.cdnUrl}/blob/10`, folder, baseName: 'x', maxBytes: MB }, 'expired');
      assert.equal(e403.status, 403);
      assert.equal(e403.retryable, true);
      assert.match(e403.message, /expired/);
      const e404 = await failure({ url: `${sim.cdnUrl}/videos/no-such-job.mp4`, folder, baseName: 'x', maxBytes: MB }, 'expired');
      assert.equal(e404.status, 404);
      assert.deepEqual(await listing(folder), []);
    });

    it('calls other statuses "http": 5xx retryable, 4xx not', async () => {
      sim.fault({ on: 'cdn', status: 503 });
      const e503 = await failure({ url: `${sim.cdnUrl}/blob/10`, folder, baseName: 'x', maxBytes: MB }, 'http');
      assert.deepEqual([e503.status, e503.retryable], [503, true]);
      sim.fault({ on: 'cdn', status: 400 });
      const e400 = await failure({ url: `${sim.cdnUrl}/blob/10`, folder, baseName: 'x', maxBytes: MB }, 'http');
      assert.deepEqual([e400.status, e400.retryable], [400, false]);
    });

    it('calls a dropped connection or a refused port "network", retryable', async () => {
      sim.fault({ on: 'cdn', drop: true });
      const dropped = await failure({ url: `${sim.cdnUrl}/blob/10`, folder, baseName: 'x', maxBytes: MB }, 'network');
      assert.equal(dropped.retryable, true);
      const gone = await ownServer(() => undefined);
      await gone.close();
      const refused = await failure({ url: `${gone.url}/v.mp4`, folder, baseName: 'x', maxBytes: MB }, 'network');
      assert.match(refused.message, /refused the connection/);
      assert.deepEqual(await listing(folder), []);
    });

    it('calls an unwritable folder "disk" and does not download', async () => {
      const blocker = path.join(root, `blocker-${n}`);
      await fsp.writeFile(blocker, 'a file where the folder should be');
      const error = await failure({ url: `${sim.cdnUrl}/blob/10`, folder: path.join(blocker, 'videos'), baseName: 'x', maxBytes: MB }, 'disk');
      assert.match(error.message, /could not be saved/);
      assert.equal(cdnRequests(), 0);
    });
  });

  describe('cancel and stall', () => {
    /** Declares 4 MB, sends 64 KB, then goes quiet until the client gives up. */
    const trickle = (): Promise<OwnServer> =>
      ownServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(4 * MB) });
        res.write(Buffer.alloc(64 * 1024, 1));
      });

    it('cancels mid-body: socket closed, temp removed, no further requests', async () => {
      const server = await trickle();
      try {
        const controller = new AbortController();
        const started = Date.now();
        const error = await failure(
          {
            url: `${server.url}/slow.mp4`,
            folder,
            baseName: 'slow',
            maxBytes: 10 * MB,
            tempTag: 'job-1',
            signal: controller.signal,
            onProgress: (received) => {
              if (received > 0) controller.abort();
            },
          },
          'cancelled',
        );
        assert.equal(error.retryable, false);
        assert.ok(Date.now() - started < 1000, 'the abort is immediate');
        assert.deepEqual(await listing(folder), []);
        await until('the server to see the socket closed', () => server.closed === 1, SOON);
        // The download has settled and its socket is gone: one request is all it made.
        assert.equal(server.requests, 1);
      } finally {
        await server.close();
      }
    });

    it('cancels while waiting for the response headers', async () => {
      sim.fault({ on: 'cdn', delayMs: 3000 });
      const controller = new AbortController();
      const failed = failure({ url: `${sim.cdnUrl}/blob/10`, folder, baseName: 'x', maxBytes: MB, signal: controller.signal }, 'cancelled');
      // Aborted once the CDN has the request and is holding back its answer.
      await until('the request to reach the CDN', () => cdnRequests() === 1, SOON);
      const started = Date.now();
      controller.abort();
      await failed;
      assert.ok(Date.now() - started < 1000, 'the abort does not wait for the headers');
      assert.deepEqual(await listing(folder), []);
      assert.equal(cdnRequests(), 1);
    });

    it('does nothing at all for a signal aborted before the call', async () => {
      await failure({ url: `${sim.cdnUrl}/blob/10`, folder, baseName: 'x', maxBytes: MB, signal: AbortSignal.abort() }, 'cancelled');
      assert.equal(cdnRequests(), 0);
      await assert.rejects(fsp.stat(folder), { code: 'ENOENT' });
    });

    it('gives up when no byte arrives for stallTimeoutMs, mid-body and before the headers', async () => {
      const server = await trickle();
      try {
        const mid = await failure({ url: `${server.url}/slow.mp4`, folder, baseName: 'x', maxBytes: 10 * MB, stallTimeoutMs: 200 }, 'stalled');
        assert.equal(mid.retryable, true);
        assert.match(mid.message, /no data arrived for 0\.2 s \(after 64 KB\)/);
        await until('the server to see the socket closed', () => server.closed === 1, SOON);
      } finally {
        await server.close();
      }
      sim.fault({ on: 'cdn', delayMs: 3000 });
      await failure({ url: `${sim.cdnUrl}/blob/10`, folder, baseName: 'x', maxBytes: MB, stallTimeoutMs: 150 }, 'stalled');
      assert.deepEqual(await listing(folder), []);
    });
  });

  describe('removeStaleTemps', () => {
    it('deletes old .veo-*.part files and those of ended jobs whose tag is not kept, and nothing else', async () => {
      await fsp.mkdir(folder, { recursive: true });
      const kept = 'uuid-1:google/veo-3.1-i2v';
      const longAgo = new Date(Date.now() - 60 * 60_000);
      for (const name of [tempFileName(kept), tempFileName('gone-1'), tempFileName('gone:2'), 'clip.mp4', 'clip.json', '.veo-.part', 'notes.part']) {
        await fsp.writeFile(path.join(folder, name), 'x');
        await fsp.utimes(path.join(folder, name), longAgo, longAgo);
      }
      await fsp.mkdir(path.join(folder, '.veo-folder.part'));
      // Fresh: another window's live download (unknown tag) stays; an ended job's of this window goes.
      await fsp.writeFile(path.join(folder, tempFileName('other-window')), 'x');
      await fsp.writeFile(path.join(folder, tempFileName('ended:3')), 'x');

      assert.equal(await removeStaleTemps(folder, new Set([kept, 'never-started']), { endedTags: new Set(['ended:3', kept]) }), 3);
      assert.deepEqual(await listing(folder), ['.veo-.part', '.veo-folder.part', tempFileName(kept), tempFileName('other-window'), 'clip.json', 'clip.mp4', 'notes.part'].sort());
      assert.equal(await removeStaleTemps(path.join(root, 'no-such-folder'), new Set()), 0);
    });
  });
});

describe('file names', () => {
  it('makes a short readable slug from a prompt', () => {
    assert.equal(baseNameFromPrompt('A cat on Mars, at dusk!'), 'a-cat-on-mars-at-dusk');
    assert.equal(baseNameFromPrompt('  Crème brûlée — Straße, Ærø & Łódź  '), 'creme-brulee-strasse-aero-lodz');
    assert.equal(baseNameFromPrompt('Drone shot 4K 60fps'), 'drone-shot-4k-60fps');
  });

  it('never returns an empty name', () => {
    for (const prompt of ['', '   ', '🎬🎥🌅', '日本語のプロンプト', '---', '...', '\u0000\u200b']) {
      assert.equal(baseNameFromPrompt(prompt), 'video', JSON.stringify(prompt));
    }
    assert.equal(baseNameFromPrompt('a 🐱 cat 🎬'), 'a-cat');
  });

  it('cuts long prompts at a word boundary within maxLength', () => {
    const long = 'a slow cinematic dolly shot through a rain soaked neon alley at night with reflections';
    const name = baseNameFromPrompt(long);
    assert.ok(name.length <= 48, name);
    assert.equal(name, 'a-slow-cinematic-dolly-shot-through-a-rain');
    assert.ok(long.replace(/ /g, '-').startsWith(name));
    assert.equal(baseNameFromPrompt('x'.repeat(200)), 'x'.repeat(48), 'a single long word is cut hard');
    assert.equal(baseNameFromPrompt('hello wonderful world', 12), 'hello');
  });

  it('neutralises paths, markup and reserved device names', () => {
    assert.equal(baseNameFromPrompt('../../etc/passwd'), 'etc-passwd');
    assert.equal(baseNameFromPrompt('<img src=x onerror=alert(1)>'), 'img-src-x-onerror-alert-1');
    assert.equal(baseNameFromPrompt('.hidden'), 'hidden');
    for (const reserved of ['con', 'NUL', 'Com1', 'lpt9', 'aux', 'prn']) {
      assert.equal(baseNameFromPrompt(reserved), `${reserved.toLowerCase()}-video`);
    }
    assert.equal(baseNameFromPrompt('console'), 'console');
  });

  it('sanitises names people give, keeping case and underscores', () => {
    assert.equal(sanitiseBaseName('Shot_01'), 'Shot_01');
    assert.equal(sanitiseBaseName('renders/Shot_01.mp4'), 'Shot_01');
    assert.equal(sanitiseBaseName('C:\\Users\\me\\Intro Scene.MP4'), 'Intro-Scene');
    assert.equal(sanitiseBaseName('clip.mp4.json'), 'clip');
    assert.equal(sanitiseBaseName('v1.2 final'), 'v1-2-final');
    assert.equal(sanitiseBaseName('Café Über'), 'Cafe-Uber');
    assert.equal(sanitiseBaseName('.mp4'), 'mp4');
    assert.equal(sanitiseBaseName('.env'), 'env');
    assert.equal(sanitiseBaseName('CON'), 'CON-video');
    assert.equal(sanitiseBaseName('nul.mp4'), 'nul-video');
    assert.equal(sanitiseBaseName('<img src=x onerror=alert(1)>'), 'img-src-x-onerror-alert-1');
    assert.equal(sanitiseBaseName(''), 'video');
    assert.equal(sanitiseBaseName('🎬'), 'video');
    assert.equal(sanitiseBaseName('/'), 'video');
    assert.ok(sanitiseBaseName('Long_'.repeat(40)).length <= 64);
  });

  it('refuses ".." in a name a person gave', () => {
    for (const name of ['../../etc/passwd', '..', 'shots/../../x', '..\\x', ' .. /x']) {
      assert.throws(() => sanitiseBaseName(name), InvalidFileNameError, name);
    }
    assert.equal(sanitiseBaseName('a..b'), 'a-b', 'two dots inside a name are not a path');
  });

  it('formats sizes the way people read them', () => {
    assert.equal(formatBytes(1024 * MB), '1 GB');
    assert.equal(formatBytes(512 * MB), '512 MB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(1), '1 byte');
  });
});
