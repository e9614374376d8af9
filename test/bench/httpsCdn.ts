// A video host for the https download bench, in a process of its own: https on loopback
// with a self-signed certificate, `GET /blob/<bytes>` answered with that many bytes at a
// bandwidth limit (bytes per second; 0 for none), paced the way a link paces: a client
// never gets ahead of the rate, and a slow reader holds the sender back (backpressure).
//   node out/test/bench/httpsCdn.js --key key.pem --cert cert.pem --rate 12500000
// Prints `listening https://127.0.0.1:<port>` once it accepts connections.
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const CHUNK = 64 * 1024;
const chunk = Buffer.alloc(CHUNK, 0x5a);

function serve(response: import('node:http').ServerResponse, bytes: number, rate: number): void {
  response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes) });
  const started = performance.now();
  let sent = 0;
  const next = (): void => {
    while (sent < bytes) {
      // Ahead of the link: wait until the bytes sent so far would have arrived at `rate`.
      if (rate > 0) {
        const due = started + (sent / rate) * 1000;
        const wait = due - performance.now();
        if (wait > 1) {
          setTimeout(next, wait);
          return;
        }
      }
      const size = Math.min(CHUNK, bytes - sent);
      sent += size;
      if (!response.write(size === CHUNK ? chunk : chunk.subarray(0, size))) {
        response.once('drain', next);
        return;
      }
    }
    response.end();
  };
  next();
}

function main(): void {
  const { values } = parseArgs({ options: { key: { type: 'string' }, cert: { type: 'string' }, rate: { type: 'string' } }, strict: true });
  if (!values.key || !values.cert) throw new Error('--key and --cert are required');
  const rate = Number(values.rate ?? '0');
  const server = https.createServer({ key: fs.readFileSync(values.key), cert: fs.readFileSync(values.cert) }, (request, response) => {
    const m = /^\/blob\/(\d+)$/.exec(request.url ?? '');
    if (!m) {
      response.writeHead(404).end();
      return;
    }
    serve(response, Number(m[1]), rate);
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(`listening https://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
}

main();
