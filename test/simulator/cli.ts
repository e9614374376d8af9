// Runs the simulator on its own, for manual runs of the extension against it:
//   node out/test/simulator/cli.js [--port 8787] [--cdn-port 8788] [--key demo-key ...]
//                                  [--generate-ms 20000] [--queue-ms 2000] [--logs-delay-ms 3000]
//                                  [--pricing '<model>=variable' | '<model>={"kind":"fixed",…}' ...]
// Without ports it uses 8787/8788 so a VS Code setting can point at a stable URL.
import { parseArgs } from 'node:util';
import { DEFAULT_API_KEY, DEFAULT_LOGS_DELAY_MS, DEFAULT_TIMING, startSimulator, type PricingOverride } from './simulator';

function nonNegativeInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} expects a non-negative integer, got '${value}'`);
    process.exit(2);
  }
  return n;
}

/** `--pricing <model>=variable` or `--pricing <model>=<JSON>`: one model's whole pricing object. */
function pricingArgs(values: string[] | undefined): Record<string, PricingOverride> {
  const out: Record<string, PricingOverride> = {};
  for (const arg of values ?? []) {
    const at = arg.indexOf('=');
    const model = at > 0 ? arg.slice(0, at) : '';
    const value = at > 0 ? arg.slice(at + 1) : '';
    if (!model || !value) {
      console.error(`--pricing expects <model>=variable or <model>=<JSON>, got '${arg}'`);
      process.exit(2);
    }
    if (value === 'variable') {
      out[model] = 'variable';
      continue;
    }
    try {
      out[model] = JSON.parse(value) as PricingOverride;
    } catch {
      console.error(`--pricing ${model}: '${value}' is neither 'variable' nor JSON`);
      process.exit(2);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'cdn-port': { type: 'string' },
      key: { type: 'string', multiple: true },
      'generate-ms': { type: 'string' },
      'queue-ms': { type: 'string' },
      'logs-delay-ms': { type: 'string' },
      pricing: { type: 'string', multiple: true },
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
    logsDelayMs: nonNegativeInt('logs-delay-ms', values['logs-delay-ms'], DEFAULT_LOGS_DELAY_MS),
    pricing: pricingArgs(values.pricing),
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
