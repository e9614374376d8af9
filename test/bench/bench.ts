// The benchmark (not a test): `npm run bench`, or
//   node out/test/bench/bench.js [--only polling|download|https|store|tree] [--scenario NAME] [--verbose]
//                                [--tuning] [--tune JSON]
//
// (1) Polling (pollingBench.ts): scenarios whose duration laws are not the catalog's
//     priors, on simulated time, each over the reporting seeds; the real Poller and
//     TimingModel against fixed 10 s polling and against the best schedule for the known
//     law. --tuning runs the tuning seeds instead (seeds.ts); --tune '{"…":…}' tries other
//     AdaptiveTuning values, and only ever on the tuning seeds. --verbose lists the polls
//     of every job of the first seed.
// (2) Download (download.ts): a 500 MB body from the simulator's CDN, by the project's
//     downloader, by node's http.get and by curl; then (httpsDownload.ts) clips of 2, 8 and
//     20 MB over https from a self-signed loopback host, unlimited and behind a 100 Mbit/s
//     link, against curl, with the bytes each Node client holds.
//
// (3) The job store (storeBench.ts): bytes written over one job's life beside 500 jobs.
// (4) --only tree: the Jobs tree at 1,000 jobs, measured in a real extension host (the
//     host test jobsTreeCost.host.test.ts; needs code-server, see README), its figures.
//
// The last lines are what CI and the report read:
//   detection delay ratio: X   geometric mean over the scenarios of adaptive ÷ fixed 10 s delay (target ≤ 0.5, each ≤ 0.9)
//   requests ratio: X          the worst scenario's adaptive ÷ fixed 10 s requests (target ≤ 1.1)
//   download vs curl: X        downloader throughput ÷ curl's (target ≥ 0.90, < 64 MB RSS growth)
//   https download vs curl: X  the worst clip size's, behind the 100 Mbit/s link (and unlimited)
import { parseArgs } from 'node:util';
import { adaptivePolicy, type AdaptiveTuning } from '../../src/core/jobs/pollPolicy';
import { benchDownload } from './download';
import { benchHttpsDownload, type HttpsDownloadSummary } from './httpsDownload';
import { benchStore } from './storeBench';
import { printTreeFigures } from './treeFigures';
import { benchPolling, type PollingSummary } from './pollingBench';
import { REPORT_SEEDS, TUNING_SEEDS } from './seeds';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      scenario: { type: 'string' },
      tune: { type: 'string' },
      tuning: { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
    strict: true,
  });
  const tuning = values.tune === undefined ? {} : (JSON.parse(values.tune) as Partial<AdaptiveTuning>);
  const onTuningSeeds = values.tuning === true || values.tune !== undefined;
  if (onTuningSeeds) console.log('TUNING SEEDS: these figures are for tuning, never for a report');
  let polling: PollingSummary | undefined;
  // One part, or every part but the tree (which needs a real extension host).
  const part = (name: string) => values.only === undefined ? name !== 'tree' : values.only === name || (values.only === 'download' && name === 'https');
  if (part('polling')) {
    polling = await benchPolling({
      seeds: onTuningSeeds ? TUNING_SEEDS : REPORT_SEEDS,
      policy: () => adaptivePolicy(tuning),
      ...(values.scenario === undefined ? {} : { only: values.scenario }),
      verbose: values.verbose === true,
    });
  }
  const download = part('download') ? await benchDownload() : undefined;
  let https: HttpsDownloadSummary | undefined;
  if (part('https')) https = await benchHttpsDownload();
  const store = part('store') ? await benchStore() : undefined;
  const tree = part('tree') ? await printTreeFigures() : undefined;
  console.log('');
  if (tree) console.log(tree);
  if (store !== undefined) console.log(`store bytes per job, coalesced vs every change: ${store.toFixed(2)}`);
  if (polling) {
    console.log(`detection delay ratio: ${polling.delayRatio.toFixed(2)}`);
    console.log(`requests ratio: ${polling.requestsRatio.toFixed(2)}`);
  }
  if (download !== undefined) console.log(`download vs curl: ${download.toFixed(2)}`);
  if (https) console.log(`https download vs curl: ${https.limitedRatio.toFixed(2)} (unlimited: ${https.unlimitedRatio.toFixed(2)})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
