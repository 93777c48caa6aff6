// `npm run bench`: every benchmark, simdnet and its peers, in one process; then a markdown
// table to paste into bench/RESULTS.md. Run it with nothing else running on the machine.
// `npm run bench -- --only simdnet` skips the peers; `--only gemm` (train, coldstart, growth, cnn, text,
// text-budget, runtimes, peers) runs that part alone; `--only speed` runs gemm, train, coldstart,
// growth and the sequence models' speed. Every benny figure is the median time per run, for every
// library alike: a mean over a handful of 1-second fits moves with one cold or slowed run.
import { machineInfo, type Row } from './machine.js';
import { gemmBench } from './gemm.bench.js';
import { trainBench } from './train.bench.js';
import { coldStartBench } from './coldstart.bench.js';
import { convBench } from './conv.bench.js';
import { cnnBench } from './cnn.bench.js';
import { textBench, textBudgetBench, textSpeedBench, LSTM_FLOP_PER_TOKEN } from './text.bench.js';
import { spawnSync } from 'node:child_process';
import { peakRows } from './peak/measure.mjs';
import { backendInfo } from '../dist/index.js';
import { fileURLToPath } from 'node:url';

// The tile peak to measure against is that of the build the kernels run.
const relaxedBuild = backendInfo().build === 'relaxed-simd';
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
// --only speed: the parts issue 14's bars are read from (gemm, train, coldstart, growth, the text speed part).
const SPEED = ['gemm', 'train', 'coldstart'];
const runs = (part: string) =>
  only === undefined ||
  only === part ||
  (only === 'simdnet' && part !== 'peers') ||
  (only === 'speed' && SPEED.includes(part));
const rows: Row[] = [];
if (runs('gemm')) rows.push(...(await gemmBench()));
if (runs('train')) rows.push(...(await trainBench()));
if (runs('coldstart')) rows.push(...(await coldStartBench()));
if (runs('cnn')) {
  rows.push(...(await convBench()));
  if (!runs('gemm')) rows.push(...(await peakRows('simdnet', relaxedBuild))); // the peak of this run
  rows.push(...(await cnnBench(only !== 'simdnet')));
}
if (runs('text')) {
  if (!runs('gemm') && !runs('cnn')) rows.push(...(await peakRows('simdnet', relaxedBuild)));
  rows.push(...(await textBench(only !== 'simdnet', simdnetPeakOf(rows))));
}
if (only === 'text-budget') rows.push(...(await textBudgetBench()));
if (only === 'speed') rows.push(...(await textSpeedBench(true, simdnetPeakOf(rows)))); // the LSTM's bars too
if (runs('growth') || only === 'speed') {
  const { growthBench, mlpAgainstTorch } = await import('./growth.bench.js');
  rows.push(...(await mlpAgainstTorch(only !== 'simdnet')), ...(await growthBench(only !== 'simdnet')));
}
if (runs('peers')) rows.push(...(await (await import('./peers.bench.js')).peersBench()));
if (runs('runtimes')) rows.push(...otherRuntimes());

/** The best tile peak of simdnet's build among the rows so far, or 0. */
function simdnetPeakOf(rows: Row[]): number {
  return Math.max(
    0,
    ...rows.filter((r) => r.lib === 'simdnet' && r.bench.startsWith('WASM SIMD peak')).map((r) => r.value),
  );
}

// simdnet on Node with relaxed SIMD (behind a flag on Node 20), on Deno 2 and on Bun 1.x
// (npm devDependencies): one process each, running bench/runtime.mjs against dist/.
function otherRuntimes(): Row[] {
  const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
  const script = fileURLToPath(new URL('./runtime.mjs', import.meta.url));
  const runs: [string, string[]][] = [
    [process.execPath, ['--experimental-wasm-relaxed-simd', script]],
    [bin('deno'), ['run', '--allow-all', '--no-lock', script]],
    [bin('bun'), [script]],
  ];
  return runs.flatMap(([cmd, args]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) {
      console.error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
      return [];
    }
    return r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Row);
  });
}

// Each runtime's GEMM against its own ceiling: the slowest of the nine products over the
// better of the two tile peaks measured on that runtime and build — from the separate suites,
// and from the two timed in turn (pairedShares: the measure a drifting clock does not move).
for (const lib of [...new Set(rows.filter((r) => r.bench.startsWith('WASM SIMD peak')).map((r) => r.lib))]) {
  const peak = Math.max(
    ...rows.filter((r) => r.lib === lib && r.bench.startsWith('WASM SIMD peak')).map((r) => r.value),
  );
  const gemm = rows.filter((r) => r.lib === lib && r.bench.startsWith('GEMM') && r.unit === 'GFLOP/s');
  if (gemm.length)
    rows.push({
      bench: 'GEMM, slowest of the products (wide layer included), share of the peak',
      lib,
      value: (100 * Math.min(...gemm.map((r) => r.value))) / peak,
      unit: '%',
    });
  const inTurn = rows.filter((r) => r.lib === lib && r.bench.endsWith('share of the best tile peak, in turn'));
  if (inTurn.length)
    rows.push({
      bench: 'GEMM, slowest of the products, share of the best tile peak timed in turn (median of 15 pairs)',
      lib,
      value: Math.min(...inTurn.map((r) => r.value)),
      unit: '%',
    });
}

// MLP training against GEMM (issue 14: ≥ 85 %): FLOP per sample × samples/s on one thread
// over the median GEMM rate of this run.
{
  const { mlpFlops } = await import('./growth.bench.js');
  const gemm = rows.filter((r) => r.lib === 'simdnet' && r.bench.startsWith('GEMM ') && r.unit === 'GFLOP/s');
  const rate = gemm.map((r) => r.value).sort((a, b) => a - b)[Math.floor(gemm.length / 2)];
  for (const r of rows.filter((r) => r.lib === 'simdnet' && r.unit === 'samples/s' && /^(train |MLP )/.test(r.bench))) {
    const hidden = /784-([\d-]+)-10/.exec(r.bench)?.[1].split('-').map(Number);
    if (!hidden || !gemm.length || /2 threads/.test(r.bench)) continue;
    rows.push({
      bench: `${r.bench}: GFLOP/s as a share of the median GEMM rate`,
      lib: 'simdnet',
      value: (100 * r.value * mlpFlops(hidden)) / 1e9 / rate,
      unit: '%',
    });
  }
  // The LSTM language model is held to the same bar (issue 14).
  const lstm = rows.find((r) => r.bench.endsWith(': lstm') && r.lib === 'simdnet, 1 thread');
  if (lstm && gemm.length)
    rows.push({
      bench: `${lstm.bench}, 1 thread: GFLOP/s as a share of the median GEMM rate`,
      lib: 'simdnet',
      value: (100 * lstm.value * LSTM_FLOP_PER_TOKEN) / 1e9 / rate,
      unit: '%',
    });
}

// Conv2D against the better tile form of this run (the bar of issue 12: ≥ 80 %).
const simdnetPeak = simdnetPeakOf(rows);
for (const r of rows.filter((r) => r.lib === 'simdnet' && r.bench.startsWith('Conv2D')))
  rows.push({
    bench: `${r.bench}: share of the best tile peak`,
    lib: 'simdnet',
    value: (100 * r.value) / simdnetPeak,
    unit: '%',
  });

const fmt = (v: number) =>
  Number.isNaN(v) ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v < 10 ? 2 : 1);
const ratioText = (ratio: number | undefined) => (ratio ? `${ratio.toFixed(1)}×` : '');
const lowerIsBetter = (unit: string) => unit === 'µs' || unit === 'ms' || unit === 'MiB' || unit === 'KiB';

console.log(`\n### ${machineInfo()}\n`);
console.log('| benchmark | library | result | simdnet vs this |');
console.log('| --- | --- | ---: | ---: |');
for (const r of rows) {
  const ours = rows.find((o) => o.lib === 'simdnet' && o.bench === r.bench && o.unit === r.unit);
  const ratio =
    ours && !r.lib.startsWith('simdnet')
      ? lowerIsBetter(r.unit)
        ? r.value / ours.value
        : ours.value / r.value
      : undefined;
  console.log(
    `| ${r.bench} | ${r.lib}${r.note ? ` (${r.note})` : ''} | ${fmt(r.value)} ${r.unit} | ${ratioText(ratio)} |`,
  );
}
