// The simdnet figures on one runtime (Node with flags, Deno, Bun), as JSON lines on stdout
// for bench/index.ts to collect. Plain JavaScript against dist/ so every runtime runs it.
import b from 'benny';
import { Sequential, Dense, SGD, tensor, backendInfo } from '../dist/index.js';
import { Arena } from '../dist/memory.js';
import { mnistSplit } from '../dist/io/mnist.js';
import { SHAPES, gemmCall, gemmProducts } from './shapes.mjs';
import { peakRows, pairedShares } from './peak/measure.mjs';

const runtime = globalThis.Bun
  ? `Bun ${globalThis.Bun.version}`
  : globalThis.Deno
    ? `Deno ${globalThis.Deno.version.deno}`
    : `Node ${process.version}`;
const lib = `simdnet on ${runtime} (${backendInfo().build})`;
const emit = (bench, value, unit) => console.log(JSON.stringify({ bench, lib, value, unit }));
const quiet = { cases: { minSamples: 5, maxTime: 3 } };

const arena = new Arena();
await b.suite(
  `${lib}: GEMM`,
  b.configure(quiet),
  ...SHAPES.map(([form, M, K, N, label]) => b.add(label, () => gemmCall(arena, form, M, K, N))),
  b.complete((s) =>
    s.results.forEach((r, i) =>
      emit(
        `GEMM ${SHAPES[i][4]}`,
        (2 * SHAPES[i][1] * SHAPES[i][2] * SHAPES[i][3]) / r.details.median / 1e9,
        'GFLOP/s',
      ),
    ),
  ),
);

const relaxed = backendInfo().build === 'relaxed-simd';
for (const r of await peakRows(lib, relaxed)) emit(r.bench, r.value, r.unit);
for (const r of pairedShares(lib, relaxed, gemmProducts(arena))) emit(r.bench, r.value, r.unit);

const { train } = mnistSplit(0);
const x = tensor(train.images, [train.rows, 784]);
const y = tensor(train.labels, [train.rows]);
const mlp = () => {
  const m = new Sequential({ seed: 0 });
  m.add(new Dense({ units: 256, activation: 'relu', inputShape: [784] }));
  m.add(new Dense({ units: 128, activation: 'relu' }));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
};
const CASES = [
  ['train MLP 784-256-128-10, batch 128', 1],
  ['train MLP 784-256-128-10, batch 128, 2 threads', 2],
];
await b.suite(
  `${lib}: training`,
  b.configure({ cases: { minSamples: 4, maxTime: 6 } }),
  ...CASES.map(([name, workers]) =>
    b.add(name, () => {
      const m = mlp();
      return async () => {
        await m.fit(x, y, { epochs: 3, batchSize: 128, workers });
      };
    }),
  ),
  b.complete((s) => s.results.forEach((r, i) => emit(CASES[i][0], (3 * train.rows) / r.details.median, 'samples/s'))),
);
process.exit(0);
