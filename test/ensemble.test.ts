// Bagging and Monte Carlo dropout: bootstrap resamples, the average, saving, bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bagging,
  bootstrap,
  predictWithDropout,
  Sequential,
  Dense,
  Dropout,
  SGD,
  tensor,
  ValueError,
  FormatError,
  SimdnetError,
} from '../src/index.js';
import { randoms, bits } from './helpers.js';

const N = 300;
const x = tensor(randoms(N * 6, 3), [N, 6]);
const y = tensor(
  Array.from({ length: N }, (_, i) => i % 3),
  [N],
);

function net(seed: number, rate = 0) {
  const m = new Sequential({ seed });
  m.add(new Dense({ units: 16, activation: 'relu', inputShape: [6] }));
  if (rate) m.add(new Dropout({ rate }));
  m.add(new Dense({ units: 3, activation: 'softmax' }));
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

test('a bootstrap resample holds about 1 − 1/e of the distinct samples, and is seeded', () => {
  const idx = bootstrap(20000, 1, 0);
  const share = new Set(idx).size / 20000;
  assert.ok(Math.abs(share - (1 - 1 / Math.E)) < 0.01, `share ${share}`);
  assert.equal(Array.from(bootstrap(50, 1, 2)), Array.from(bootstrap(50, 1, 2)));
  assert.not.equal(Array.from(bootstrap(50, 1, 2)), Array.from(bootstrap(50, 1, 3)));
  assert.ok(idx.every((i) => i >= 0 && i < 20000));
});

test('Bagging trains each member on its resample and predicts their average', async () => {
  const bag = new Bagging({ members: 3, build: (i) => net(i + 1), seed: 2 });
  await bag.fit(x, y, { epochs: 2, batchSize: 32 });
  assert.is(bag.distinct.length, 3);
  assert.ok(
    bag.distinct.every((d) => d > 0.5 && d < 0.75),
    String(bag.distinct),
  );
  const members = bag.memberPredictions(x);
  const avg = bag.predict(x);
  assert.equal(avg.shape, [N, 3]);
  for (let i = 0; i < avg.data.length; i += 37) {
    const mean = (members[0].data[i] + members[1].data[i] + members[2].data[i]) / 3;
    assert.ok(Math.abs(avg.data[i] - mean) < 1e-6);
  }
  // A member alone, trained on the same resample, gives the same weights (fit is deterministic).
  const alone = net(1);
  const idx = bootstrap(N, 2, 0);
  const take = (t: typeof x, w: number) =>
    tensor(
      Float32Array.from({ length: idx.length * w }, (_, k) => t.data[idx[Math.floor(k / w)] * w + (k % w)]),
      w === 1 ? [idx.length] : [idx.length, w],
    );
  await alone.fit(take(x, 6), take(y, 1), { epochs: 2, batchSize: 32 });
  assert.equal(bits(alone.getWeights()), bits(bag.members[0].getWeights()));
});

test('Bagging saves and loads: the same predictions; damaged files are FormatErrors', async () => {
  const bag = new Bagging({ members: 2, build: (i) => net(i + 5) });
  await bag.fit(x, y, { epochs: 1, batchSize: 64 });
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-bag-'));
  try {
    await bag.save(join(dir, 'bag.simdnet'));
    const back = await Bagging.load(join(dir, 'bag.simdnet'));
    assert.equal(Array.from(back.predict(x).data), Array.from(bag.predict(x).data));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const bytes = bag.toBytes();
  assert.throws(
    () => Bagging.fromBytes(new Uint8Array([1, 2, 3])),
    (e: Error) => e instanceof FormatError,
  );
  assert.throws(
    () => Bagging.fromBytes(bytes.subarray(0, bytes.length - 5)),
    (e: Error) => e instanceof FormatError,
  );
});

test('Bagging: bad arguments are ValueErrors naming them', () => {
  const cases: [unknown, RegExp][] = [
    [{ members: 0, build: () => net(1) }, /members must be an integer ≥ 1, received 0/],
    [{ members: 2.5, build: () => net(1) }, /members must be an integer ≥ 1, received 2.5/],
    [{ members: 2, build: 'net' }, /build must be a function/],
    [{ members: 2, build: () => net(1), seed: -1 }, /seed must be an integer ≥ 0, received -1/],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => new Bagging(args as never),
      (e: Error) => e instanceof ValueError && message.test(e.message),
    );
  }
});

test('predictWithDropout: sampled masks, seeded, averaging toward the weight-scaled prediction', async () => {
  const m = net(3, 0.5);
  await m.fit(x, y, { epochs: 3, batchSize: 32 });
  const scaled = m.predict(x).data;
  const one = predictWithDropout(m, x, 1).data;
  assert.ok(
    one.some((v, i) => v !== scaled[i]),
    'one sample has dropout on',
  );
  assert.equal(Array.from(predictWithDropout(m, x, 5, 9).data), Array.from(predictWithDropout(m, x, 5, 9).data));
  const err = (p: Float32Array) => p.reduce((s, v, i) => s + Math.abs(v - scaled[i]), 0);
  assert.ok(err(predictWithDropout(m, x, 200).data) < err(one) / 3, 'many masks average toward predict');
  const plain = net(4);
  assert.equal(Array.from(predictWithDropout(plain, x, 3).data), Array.from(plain.predict(x).data));
  assert.throws(
    () => predictWithDropout(m, x, 0),
    (e: Error) => e instanceof ValueError && /samples must be an integer ≥ 1, received 0/.test(e.message),
  );
});

test('with workers: 2 the members train in parallel on worker threads, to the same bits as one by one', async () => {
  const one = new Bagging({ members: 3, build: (i) => net(i + 1), seed: 4 });
  await one.fit(x, y, { epochs: 2, batchSize: 32 });
  const two = new Bagging({ members: 3, build: (i) => net(i + 1), seed: 4 });
  const before = two.members[0];
  const histories = await two.fit(x, y, { epochs: 2, batchSize: 32, workers: 2 });
  assert.ok(two.members[0] !== before, 'trained on a worker thread: a new object');
  assert.is(histories.length, 3);
  assert.equal(histories[2].history.loss.length, 2);
  for (let i = 0; i < 3; i++) assert.equal(bits(two.members[i].getWeights()), bits(one.members[i].getWeights()));
  assert.equal(Array.from(two.predict(x).data), Array.from(one.predict(x).data));
});

test('Bagging.fromBytes on truncated and bit-flipped files: a typed error or a model, never a crash', async () => {
  const bag = new Bagging({ members: 2, build: (i) => net(i + 7) });
  await bag.fit(x, y, { epochs: 1, batchSize: 100 });
  const bytes = bag.toBytes();
  const rand = randoms(400, 11);
  for (let t = 0; t < 200; t++) {
    const damaged = bytes.slice(0, t < 100 ? Math.floor(Math.abs(rand[t]) * bytes.length) : bytes.length);
    if (t >= 100) {
      const at = Math.floor(Math.abs(rand[t]) * bytes.length);
      damaged[at] ^= 1 << (t % 8);
    }
    try {
      Bagging.fromBytes(damaged);
    } catch (e) {
      assert.instance(e, SimdnetError, String(e));
      assert.ok((e as Error).message.length < 400, 'a short message');
    }
  }
});

test.run();
