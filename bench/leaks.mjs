// `node --expose-gc bench/leaks.mjs [steps] [fits]`: does simdnet keep what it should not?
// (1) one long fit of `steps` (default 10,000) steps on 2 threads: OS threads, RSS, WASM
//     pages and the arena's high-water mark after warm-up against the end;
// (2) `fits` (default 200) new models, each fit once on 2 threads and dropped without
//     dispose(): OS threads and RSS after warm-up against the end, after a GC.
// Measured after the threads' idle timeout. Prints one JSON line per measurement.
import { readFileSync } from 'node:fs';
import { Sequential, Dense, SGD, tensor } from '../dist/index.js';

const steps = Number(process.argv[2] ?? 10_000);
const fits = Number(process.argv[3] ?? 200);
const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const mib = (b) => +(b / 2 ** 20).toFixed(1);
// Idle worker threads end after 10 s (src/parallel/pool.ts), releasing what their isolates
// still hold of finished fits; measure after that, and after a GC.
const settle = async () => {
  for (let i = 0; i < 24; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 500));
  }
};
const data = (rows, width, classes, seed) => ({
  x: tensor(
    Float32Array.from({ length: rows * width }, (_, i) => Math.sin(i * 0.37 + seed)),
    [rows, width],
  ),
  y: tensor(
    Int32Array.from({ length: rows }, (_, i) => i % classes),
    [rows],
  ),
});
const model = (seed) => {
  const m = new Sequential({
    seed,
    layers: [
      new Dense({ units: 64, inputShape: [32], activation: 'relu' }),
      new Dense({ units: 4, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: new SGD({ learningRate: 0.01, momentum: 0.9 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
};
const sample = (m) => ({
  threads: threads(),
  rssMiB: mib(process.memoryUsage().rss),
  pages: m?.arena?.usage.pages,
  highWater: m?.arena?.usage.highWater,
});

// (1) a long run: batch 128 of 2 chunks, steps spread over epochs of 10 steps
const { x, y } = data(1280, 32, 4, 1);
const long = model(1);
const epochsFor = (n) => Math.ceil(n / 10);
await long.fit(x, y, { epochs: epochsFor(500), batchSize: 128, workers: 2 }); // warm-up: 500 steps
await settle();
const before = sample(long);
await long.fit(x, y, {
  epochs: epochsFor(500) + epochsFor(steps),
  initialEpoch: epochsFor(500),
  batchSize: 128,
  workers: 2,
});
await settle();
const after = sample(long);
console.log(
  JSON.stringify({
    run: `${steps} steps, 2 threads`,
    before,
    after,
    rssGrowthMiB: +(after.rssMiB - before.rssMiB).toFixed(1),
  }),
);
await long.dispose();

// (2) many models, dropped without dispose()
const small = data(256, 32, 4, 2);
const fitOne = async (seed) => {
  const m = model(seed);
  await m.fit(small.x, small.y, { epochs: 1, batchSize: 128, workers: 2 });
};
for (let i = 0; i < 20; i++) await fitOne(i); // warm-up
await settle();
const start = sample();
for (let i = 0; i < fits; i++) await fitOne(100 + i);
await settle();
const end = sample();
console.log(
  JSON.stringify({
    run: `${fits} models fit on 2 threads and dropped`,
    before: start,
    after: end,
    rssGrowthMiB: +(end.rssMiB - start.rssMiB).toFixed(1),
  }),
);
