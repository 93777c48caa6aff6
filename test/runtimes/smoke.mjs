// Cross-runtime smoke test (Node, Deno, Bun): kernels, training on 1 and 2 threads with
// bit-identical results, save/load, the inference bundle. Plain JavaScript against dist/, so every runtime runs
// the same files; prints "N passed, N failed" and exits non-zero on a failure.
import { Sequential, Dense, Dropout, SGD, tensor, modelFromBytes, backendInfo } from '../../dist/index.js';

const runtime = globalThis.Bun
  ? `Bun ${globalThis.Bun.version}`
  : globalThis.Deno
    ? `Deno ${globalThis.Deno.version.deno}`
    : `Node ${process.version}`;
let passed = 0,
  failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}
const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};

const N = 512;
const x = tensor(
  Float32Array.from({ length: N * 12 }, (_, i) => Math.sin(i * 0.37)),
  [N, 12],
);
const y = tensor(
  Float32Array.from({ length: N }, (_, i) => i % 3),
  [N],
);
function model() {
  const m = new Sequential({ seed: 4 });
  m.add(new Dense({ units: 32, activation: 'relu', inputShape: [12] }));
  m.add(new Dropout({ rate: 0.1 }));
  m.add(new Dense({ units: 3, activation: 'softmax' }));
  m.compile({
    optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return m;
}
const bits = (m) =>
  m.getWeights().flatMap((w) => Array.from(new Uint32Array(w.data.buffer, w.data.byteOffset, w.data.length)));

console.log(`simdnet smoke test on ${runtime}, kernel build ${backendInfo().build}`);
let oneThread;
await check('training on the main thread learns', async () => {
  const m = model();
  const h = await m.fit(x, y, { epochs: 5, batchSize: 128 });
  assert(h.history.loss[4] < h.history.loss[0], `loss ${h.history.loss}`);
  oneThread = bits(m);
});
const warnings = [];
process.on('warning', (w) => warnings.push(w.message));
await check('training on 2 threads gives bit-identical weights (workers really used)', async () => {
  const m = model();
  await m.fit(x, y, { epochs: 5, batchSize: 128, workers: 2 });
  await new Promise((r) => setTimeout(r, 10));
  assert(!warnings.some((w) => w.includes('main thread only')), `fell back: ${warnings.join('; ')}`);
  const two = bits(m);
  assert(
    two.every((v, i) => v === oneThread[i]),
    'weights differ between 1 and 2 threads',
  );
});
await check('save to bytes and load predicts the same', async () => {
  const m = model();
  await m.fit(x, y, { epochs: 1, batchSize: 64 });
  const back = modelFromBytes(m.toBytes());
  const a = m.predict(x).data,
    b = back.predict(x).data;
  assert(
    a.every((v, i) => Object.is(v, b[i])),
    'predictions differ',
  );
});
await check('simdnet/infer (the bundled ES module) loads the bytes and predicts the same', async () => {
  const infer = await import('../../dist/infer.bundle.js');
  const m = model();
  const back = infer.modelFromBytes(m.toBytes());
  const a = m.predict(x).data,
    b = back.predict(infer.tensor(x.data, x.shape)).data;
  assert(
    a.every((v, i) => Object.is(v, b[i])),
    'predictions differ',
  );
});
console.log(`smoke test on ${runtime}: ${passed} of ${passed + failed} checks passed`);
if (failed) process.exit(1);
