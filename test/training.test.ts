import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, Dense, SGD, tensor, DivergenceError, type Tensor } from '../src/index.js';
import { permutation } from '../src/random.js';
import { SHUFFLE_STREAM } from '../src/random.js';
import { twinLoss, type TwinLayer } from './ref/network.js';
import { randoms, assertClose, bits } from './helpers.js';

function mlp(seed = 3, lr = 0.1, momentum = 0, loss = 'sparseCategoricalCrossentropy') {
  const m = new Sequential({ seed });
  m.add(new Dense({ units: 8, activation: 'tanh', inputShape: [5] }));
  m.add(new Dense({ units: 3, activation: 'softmax' }));
  m.compile({ optimizer: new SGD({ learningRate: lr, momentum }), loss, metrics: ['accuracy'] });
  return m;
}

const X = tensor(randoms(10 * 5, 42), [10, 5]);
const Y = tensor(
  Array.from({ length: 10 }, (_, i) => i % 3),
  [10],
);

// Replays Keras minibatch SGD in float64: per batch, mean loss gradient, then the update rule.
function replay(
  w: Tensor[],
  epochs: number,
  bs: number,
  lr: number,
  momentum: number,
  order: (epoch: number) => number[],
): Float64Array[] {
  const ws = w.map((t) => Float64Array.from(t.data));
  const vs = ws.map((a) => new Float64Array(a.length));
  const layers = (): TwinLayer[] => [
    { type: 'dense', w: ws[0], b: ws[1], K: 5, N: 8, act: 'tanh' },
    { type: 'dense', w: ws[2], b: ws[3], K: 8, N: 3, act: 'softmax' },
  ];
  for (let e = 0; e < epochs; e++) {
    const idx = order(e);
    for (let s = 0; s < idx.length; s += bs) {
      const rows = idx.slice(s, s + bs);
      const x = new Float64Array(rows.length * 5);
      rows.forEach((r, i) => x.set(X.data.subarray(r * 5, r * 5 + 5), i * 5));
      const grads: Float64Array[] = [];
      twinLoss(
        layers(),
        x,
        rows.length,
        rows.map((r) => Y.data[r]),
        'sparseCategoricalCrossentropy',
        grads,
      );
      ws.forEach((p, pi) => {
        for (let i = 0; i < p.length; i++) {
          vs[pi][i] = momentum * vs[pi][i] - lr * grads[pi][i];
          p[i] += momentum > 0 ? vs[pi][i] : -lr * grads[pi][i];
        }
      });
    }
  }
  return ws;
}

const seq = (n: number) => Array.from({ length: n }, (_, i) => i);

for (const momentum of [0, 0.9]) {
  test(`fit applies Keras minibatch SGD exactly (momentum ${momentum}, last partial batch used)`, async () => {
    const m = mlp(3, 0.1, momentum);
    const w0 = m.getWeights();
    await m.fit(X, Y, { epochs: 3, batchSize: 4, shuffle: false });
    const expected = replay(w0, 3, 4, 0.1, momentum, () => seq(10));
    m.getWeights().forEach((w, i) =>
      assertClose(w.data, expected[i], (r) => 2e-5 + 1e-4 * Math.abs(r), `weights ${i}`),
    );
  });
}

test('fit shuffles with the seeded permutation of each epoch', async () => {
  const m = mlp(3, 0.1, 0);
  const w0 = m.getWeights();
  await m.fit(X, Y, { epochs: 2, batchSize: 3, seed: 11 });
  const expected = replay(w0, 2, 3, 0.1, 0, (e) => Array.from(permutation(10, 11, SHUFFLE_STREAM + e)));
  m.getWeights().forEach((w, i) => assertClose(w.data, expected[i], (r) => 2e-5 + 1e-4 * Math.abs(r), `weights ${i}`));
});

test('the three forms of gradient descent: full batch, stochastic, minibatch', async () => {
  const sizes = async (batchSize: number | 'full') => {
    const seen: number[] = [];
    await mlp().fit(X, Y, { epochs: 1, batchSize, callbacks: { onBatchEnd: (_b, logs) => void seen.push(logs.size) } });
    return seen;
  };
  assert.equal(await sizes('full'), [10]);
  assert.equal(await sizes(1), Array(10).fill(1));
  assert.equal(await sizes(4), [4, 4, 2]);
  assert.equal(await sizes(64), [10]);
});

test('same seed → bit-identical weights; another seed → different weights', async () => {
  const run = async (seed: number) => {
    const m = mlp(seed, 0.1, 0.9);
    await m.fit(X, Y, { epochs: 5, batchSize: 3 });
    return m.getWeights().flatMap((w) => Array.from(new Uint32Array(w.data.buffer)));
  };
  const a = await run(5);
  assert.equal(await run(5), a);
  assert.not.equal(await run(6), a);
});

test('XOR converges (tanh hidden layer, full batch)', async () => {
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 8, activation: 'tanh', inputShape: [2] }));
  m.add(new Dense({ units: 1, activation: 'sigmoid' }));
  m.compile({
    optimizer: new SGD({ learningRate: 0.5, momentum: 0.9 }),
    loss: 'meanSquaredError',
    metrics: ['accuracy'],
  });
  const x = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const y = [[0], [1], [1], [0]];
  const h = await m.fit(x, y, { epochs: 300, batchSize: 'full' });
  assert.ok(h.history.loss.at(-1)! < 0.02, `loss ${h.history.loss.at(-1)}`);
  assert.is(h.history.accuracy.at(-1), 1);
  const p = m.predict(x).data;
  assert.ok(p[0] < 0.2 && p[1] > 0.8 && p[2] > 0.8 && p[3] < 0.2, `predictions ${Array.from(p)}`);
});

test('a diverging run stops with DivergenceError naming epoch and batch, keeping the last finite weights', async () => {
  const m = new Sequential({ seed: 3 });
  m.add(new Dense({ units: 8, activation: 'relu', inputShape: [5] }));
  m.add(new Dense({ units: 3 }));
  m.compile({ optimizer: new SGD({ learningRate: 1e6 }), loss: 'meanSquaredError' });
  const y = tensor(randoms(30, 1, 0, 1), [10, 3]);
  let last: Tensor[] = m.getWeights();
  const err = await m
    .fit(X, y, {
      epochs: 5,
      batchSize: 2,
      shuffle: false,
      callbacks: { onBatchEnd: () => void (last = m.getWeights()) },
    })
    .then(
      () => undefined,
      (e) => e,
    );
  assert.instance(err, DivergenceError);
  assert.match(err.message, /epoch \d+, batch \d+/);
  assert.ok(err.epoch >= 0 && err.batch >= 0);
  const now = m.getWeights();
  now.forEach((w, i) => {
    assert.ok(w.data.every(Number.isFinite), 'weights are finite');
    assert.equal(Array.from(w.data), Array.from(last[i].data));
  });
});

test('gradients that overflow while the loss is finite are named as the cause, on 1 and 2 threads', async () => {
  // zero weights: the outputs and the loss stay finite while dW = x·dy = 1e30·1e10 overflows
  for (const [rows, workers] of [
    [1, 1],
    [130, 1],
    [130, 2],
  ]) {
    const m = new Sequential({ seed: 1 });
    m.add(new Dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' }));
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'meanSquaredError' });
    const before = m.getWeights();
    const err = await m
      .fit(tensor(new Float32Array(rows).fill(1e30), [rows, 1]), tensor(new Float32Array(rows).fill(1e10), [rows, 1]), {
        batchSize: rows,
        workers,
      })
      .then(
        () => undefined,
        (e) => e,
      );
    assert.instance(err, DivergenceError);
    assert.match(err.message, /the gradients became NaN/, `${rows} rows, ${workers} workers: ${err.message}`);
    assert.equal(bits(m.getWeights()), bits(before));
  }
});

test('validationSplit and validationData report val_loss and val_accuracy', async () => {
  const m = mlp();
  const h = await m.fit(X, Y, { epochs: 2, batchSize: 4, validationSplit: 0.2 });
  assert.equal(Object.keys(h.history).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  assert.equal(h.epoch, [0, 1]);
  const h2 = await mlp().fit(X, Y, { epochs: 1, validationData: [X, Y] });
  assert.ok(Number.isFinite(h2.history.val_loss[0]));
  const ev = m.evaluate(X, Y);
  assert.ok(ev.loss > 0 && ev.accuracy! >= 0 && ev.accuracy! <= 1);
});

test('callbacks run in order; stopTraining ends fit early', async () => {
  const m = mlp();
  const events: string[] = [];
  await m.fit(X, Y, {
    epochs: 5,
    batchSize: 5,
    callbacks: {
      onTrainBegin: () => void events.push('train'),
      onEpochBegin: (e) => void events.push(`epoch${e}`),
      onBatchEnd: (b) => void events.push(`batch${b}`),
      onEpochEnd: async (e) => {
        events.push(`end${e}`);
        if (e === 1) m.stopTraining = true;
      },
      onTrainEnd: () => void events.push('done'),
    },
  });
  assert.equal(events, ['train', 'epoch0', 'batch0', 'batch1', 'end0', 'epoch1', 'batch0', 'batch1', 'end1', 'done']);
});

test(
  'no growth: after warm-up, 1,000 more steps leave memory pages and the arena high-water mark ' + 'unchanged',
  async () => {
    const m = mlp();
    await m.fit(X, Y, { epochs: 2, batchSize: 1 });
    const before = m.arena.usage;
    const ab = process.memoryUsage().arrayBuffers;
    await m.fit(X, Y, { epochs: 100, batchSize: 1 });
    const after = m.arena.usage;
    assert.equal(after.pages, before.pages);
    assert.equal(after.highWater, before.highWater);
    assert.ok(process.memoryUsage().arrayBuffers - ab < 1 << 20, 'array buffers stay flat');
  },
);

test.run();
