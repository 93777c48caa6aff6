// simdnet's side of the paired CNN comparison with bench/peers/torch_cnn.py: the same network,
// optimizer, batch and measurement (one warm-up epoch, then the best of three) on random
// 28×28 images; prints one JSON line of samples/s. Usage: node simdnet_cnn.mjs WORKERS [SAMPLES]
import { tensor } from '../../dist/index.js';
import { buildModel } from '../../dist/cli-models.js';

const workers = Number(process.argv[2] ?? 1);
const samples = Number(process.argv[3] ?? 5120);
const { model, optimizer } = buildModel({
  kind: 'cnn',
  sample: [28, 28, 1],
  classes: 10,
  seed: 1,
  hidden: [],
  learningRate: 1e-3,
  momentum: 0,
});
model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
const x = tensor(
  Float32Array.from({ length: samples * 784 }, () => Math.random()),
  [samples, 28, 28, 1],
);
const y = tensor(
  Float32Array.from({ length: samples }, (_, i) => i % 10),
  [samples],
);
const epoch = () => model.fit(x, y, { epochs: 1, batchSize: 128, workers, verbose: 0 });
await epoch();
let best = 0;
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  await epoch();
  best = Math.max(best, samples / ((performance.now() - started) / 1000));
}
await model.dispose();
console.log(JSON.stringify({ workers, samples_per_s: best }));
