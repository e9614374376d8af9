// Runs the simulator on its own, for manual runs of the extension against it:
//   node out/test/simulator/cli.js [--port 8787] [--cdn-port 8788] [--key demo-key ...]
//                                  [--generate-ms 20000] [--queue-ms 2000]
// Without ports it uses 8787/8788 so a VS Code setting can point at a stable URL.
import { parseArgs } from 'node:util';
import { DEFAULT_API_KEY, DEFAULT_TIMING, startSimulator } from './simulator';

function nonNegativeInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} expects a non-negative integer, got '${value}'`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'cdn-port': { type: 'string' },
      key: { type: 'string', multiple: true },
      'generate-ms': { type: 'string' },
      'queue-ms': { type: 'string' },
    },
    strict: true,
  });
  const queueMs = nonNegativeInt('queue-ms', values['queue-ms'], DEFAULT_TIMING.queueMs);
  const generateMs = nonNegativeInt('generate-ms', values['generate-ms'], DEFAULT_TIMING.generateMs);
  const keys = values.key && values.key.length > 0 ? values.key : [DEFAULT_API_KEY];

  const sim = await startSimulator({
    port: nonNegativeInt('port', values.port, 8787),
    cdnPort: nonNegativeInt('cdn-port', values['cdn-port'], 8788),
    apiKeys: keys,
    timing: () => ({ queueMs, generateMs }),
  });
  console.log(`Veo API simulator: api ${sim.apiUrl}, cdn ${sim.cdnUrl}, keys: ${keys.join(', ')}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
