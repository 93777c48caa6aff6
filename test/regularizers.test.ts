import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, Dense, Dropout, SGD, tensor, l1, l2, l1l2, ValueError, UnknownNameError } from '../src/index.js';
import { getRegularizer } from '../src/regularizers.js';
import { mnistSplit } from '../src/io/mnist.js';
import { directionalCheck } from './gradcheck.js';
import { randoms } from './helpers.js';

const x = tensor(randoms(6 * 3, 1), [6, 3]);
const y = tensor(randoms(12, 2), [6, 2]);

test('kernel, bias and activity regularizers pass the gradient check', () => {
  const m = new Sequential({ seed: 3 });
  m.add(
    new Dense({
      units: 5,
      activation: 'tanh',
      inputShape: [3],
      kernelRegularizer: l1l2({ l1: 0.01, l2: 0.02 }),
      biasRegularizer: l2({ l2: 0.05 }),
      biasInitializer: 'ones',
    }),
  );
  m.add(new Dense({ units: 2, activityRegularizer: l1({ l1: 0.03 }), kernelRegularizer: 'l2' }));
  m.compile({ optimizer: new SGD(), loss: 'mse' });
  directionalCheck(m, x, y, 'regularized');
});

test('the penalty is in the reported loss: l2·Σw² added to the data loss (evaluate and fit)', async () => {
  const make = (reg?: ReturnType<typeof l2>) => {
    const m = new Sequential({ seed: 8, layers: [new Dense({ units: 2, inputShape: [3], kernelRegularizer: reg })] });
    m.compile({ optimizer: new SGD({ learningRate: 1e-9 }), loss: 'mse' });
    return m;
  };
  const plain = make(),
    reg = make(l2({ l2: 0.5 }));
  const w = reg.getWeights()[0].data;
  const penalty = 0.5 * w.reduce((s, v) => s + v * v, 0);
  assert.ok(Math.abs(reg.evaluate(x, y).loss - (plain.evaluate(x, y).loss + penalty)) < 1e-5);
  const h1 = await plain.fit(x, y, { batchSize: 'full' }),
    h2 = await reg.fit(x, y, { batchSize: 'full' });
  assert.ok(
    Math.abs(h2.history.loss[0] - (h1.history.loss[0] + penalty)) < 1e-5,
    `${h2.history.loss[0]} vs ${h1.history.loss[0]} + ${penalty}`,
  );
});

test('regularizer registry and bad values', () => {
  assert.equal(getRegularizer('l1', 'r')!.getConfig(), { l1: 0.01, l2: 0 });
  assert.equal(getRegularizer('l2', 'r')!.getConfig(), { l1: 0, l2: 0.01 });
  assert.equal(getRegularizer('l1_l2', 'r')!.getConfig(), { l1: 0, l2: 0 });
  assert.equal(getRegularizer({ className: 'L1L2', config: { l1: 0.1, l2: 0.2 } }, 'r')!.getConfig(), {
    l1: 0.1,
    l2: 0.2,
  });
  assert.throws(
    () => l2({ l2: -1 }),
    (e: Error) => e instanceof ValueError && /l2 must be a finite number ≥ 0/.test(e.message),
  );
  assert.throws(
    () => new Dense({ units: 2, kernelRegularizer: 'l3' }),
    (e: Error) => e instanceof UnknownNameError && /known: l1, l2/.test(e.message),
  );
});

// The MNIST checks use a small subset: 300 digits, 60 epochs, a 784-512-10 net that memorizes them.
const { train, test: held } = mnistSplit(0);
const N = 300;
const xs = tensor(train.images.subarray(0, N * 784), [N, 784]);
const ys = tensor(train.labels.subarray(0, N), [N]);
const xt = tensor(held.images, [held.rows, 784]);
const yt = tensor(held.labels, [held.rows]);

async function mnistRun(kind: 'plain' | 'dropout' | 'l2' | 'l1', epochs = 60) {
  const reg = kind === 'l2' ? l2({ l2: 1e-3 }) : kind === 'l1' ? l1({ l1: 1e-3 }) : undefined;
  const m = new Sequential({ seed: 0 });
  if (kind === 'dropout') m.add(new Dropout({ rate: 0.2, inputShape: [784] }));
  m.add(
    new Dense({
      units: 512,
      activation: 'relu',
      inputShape: kind === 'dropout' ? undefined : [784],
      kernelRegularizer: reg,
    }),
  );
  if (kind === 'dropout') m.add(new Dropout({ rate: 0.5 }));
  m.add(new Dense({ units: 10, activation: 'softmax', kernelRegularizer: reg }));
  m.compile({
    optimizer: new SGD({ learningRate: 0.01, momentum: 0.9 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  await m.fit(xs, ys, { epochs, batchSize: 32 });
  const gap = m.evaluate(xs, ys).accuracy! - m.evaluate(xt, yt).accuracy!;
  return { m, gap };
}

test('L1 leaves a much larger fraction of near-zero weights than L2 (same data, seed, strength)', async () => {
  const nearZero = (m: Sequential) => {
    const w = m.getWeights()[0].data;
    return w.filter((v) => Math.abs(v) < 1e-3).length / w.length;
  };
  const a = nearZero((await mnistRun('l1', 20)).m),
    b = nearZero((await mnistRun('l2', 20)).m);
  assert.ok(a > 0.2 && a > 5 * b, `near-zero fraction: L1 ${a}, L2 ${b}`);
});

test('dropout and L2 narrow the train–test accuracy gap of a model that overfits 300 digits', async () => {
  const plain = (await mnistRun('plain')).gap;
  const dropout = (await mnistRun('dropout')).gap;
  const weightDecay = (await mnistRun('l2')).gap;
  assert.ok(plain > 0.1, `the plain model overfits: gap ${plain}`);
  assert.ok(dropout < plain && weightDecay < plain, `gaps: plain ${plain}, dropout ${dropout}, l2 ${weightDecay}`);
});

test.run();
