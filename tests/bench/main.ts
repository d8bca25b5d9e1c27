// `npm run bench [-- options]`: throughput, latency and rebuild speed as ratios against raw
// baselines measured in the same run, on the same broker and store (issue 9). Not part of the test
// suite. Exit code 1 when a correctness check fails, 2 on bad options.
import 'reflect-metadata';
import { parseOptions, USAGE } from './options.js';
import { type ProductHooks } from './product.js';
import { measureEndToEndLatency, measureProductCommands, measureSustainedRate } from './product-live.js';
import { measureFlatCost } from './product-flat.js';
import { measureProductRebuild, measureReportGeneration } from './product-rebuild.js';
import { measureYearEmbedded, measureYearStack, prepareYearStack } from './product-year.js';
import { runBench } from './run.js';

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const productHooks: ProductHooks = {
  measureProductCommands,
  measureEndToEndLatency,
  measureSustainedRate,
  measureProductRebuild,
  measureReportGeneration,
  measureFlatCost,
  measureYearEmbedded,
  measureYearStack,
  prepareYearStack,
};
// A rejection nobody awaited is a bench bug; ending the process on it (Node's default) would skip the
// run's clean-up and leave the stores and broker it started running on the default ports, where the
// next test run then cannot start its own. Said, counted as a failed run, and the run goes on.
let unhandled = 0;
process.on('unhandledRejection', (err) => {
  unhandled++;
  process.stderr.write(`[bench] a rejection nobody awaited (a bench bug): ${(err as Error)?.stack ?? String(err)}\n`);
});
const { ok } = await runBench(options, productHooks);
process.exit(ok && unhandled === 0 ? 0 : 1);
