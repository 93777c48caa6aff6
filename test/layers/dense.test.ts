import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gradientCheck } from '../gradcheck.js';
import { forward as ACTIVATIONS } from '../ref/activations.js';
import { Dense, Sequential, SGD, tensor, ShapeError, ValueError, UnknownNameError } from '../../src/index.js';

for (const act of [...Object.keys(ACTIVATIONS), 'softmax']) {
  test(`Dense(${act}) passes the gradient check (MSE)`, () => {
    gradientCheck(
      {
        inputs: 5,
        layers: [
          { type: 'dense', units: 7, act },
          { type: 'dense', units: 3, act: 'linear' },
        ],
        loss: 'meanSquaredError',
      },
      `dense ${act}`,
    );
  });
}

test('Dense(softmax) + categoricalCrossentropy (fused) passes the gradient check, one-hot and sparse labels', () => {
  const layers = [
    { type: 'dense' as const, units: 6, act: 'tanh' },
    { type: 'dense' as const, units: 4, act: 'softmax' },
  ];
  gradientCheck({ inputs: 5, layers, loss: 'categoricalCrossentropy' }, 'fused one-hot');
  gradientCheck({ inputs: 5, layers, loss: 'categoricalCrossentropy', sparse: true }, 'fused sparse');
  gradientCheck(
    { inputs: 5, layers, loss: 'sparseCategoricalCrossentropy', sparse: true, M: 9 },
    'fused sparseCategorical',
  );
});

test('Dense(sigmoid) + categoricalCrossentropy (not fused, Keras clipping) passes the gradient check', () => {
  gradientCheck(
    {
      inputs: 4,
      layers: [
        { type: 'dense', units: 5, act: 'sigmoid' },
        { type: 'dense', units: 3, act: 'sigmoid' },
      ],
      loss: 'categoricalCrossentropy',
    },
    'unfused',
  );
});

test('Dense: config, parameter count, output shape', () => {
  const d = new Dense({ units: 3, activation: 'relu', inputShape: [4], name: 'd1' });
  const m = new Sequential({ layers: [d] });
  m.compile({ optimizer: new SGD(), loss: 'mse' });
  assert.is(d.countParams(), 4 * 3 + 3);
  assert.equal(d.outputShape, [3]);
  const c = d.getConfig();
  assert.equal(c, {
    name: 'd1',
    inputShape: [4],
    units: 3,
    activation: 'relu',
    useBias: true,
    kernelInitializer: { className: 'GlorotUniform', config: {} },
    biasInitializer: { className: 'Zeros', config: {} },
    kernelRegularizer: null,
    biasRegularizer: null,
  });
  const again = new Dense(c as never).getConfig();
  assert.equal(again, c);
  const noBias = new Dense({ units: 2, useBias: false, inputShape: [3] });
  new Sequential({ layers: [noBias] }).compile({ optimizer: 'sgd', loss: 'mse' });
  assert.is(noBias.countParams(), 6);
});

test('Dense: kernel [in, units] is Keras layout: y = x·W + b', () => {
  const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  m.setWeights([tensor([1, 2, 3, 4, 5, 6], [3, 2]), tensor([0.5, -1], [2])]);
  const y = m.predict([[1, 0, 2]]);
  assert.equal(Array.from(y.data), [1 + 10 + 0.5, 2 + 12 - 1]);
  assert.equal(y.shape, [1, 2]);
});

test('Dense: bad arguments are typed errors naming the argument', () => {
  assert.throws(
    () => new Dense({ units: 0 }),
    (e: Error) => e instanceof ValueError && /units.*received 0/.test(e.message),
  );
  assert.throws(
    () => new Dense({ units: 2.5 }),
    (e: Error) => e instanceof ValueError && /units/.test(e.message),
  );
  assert.throws(
    () => new Dense({ units: 2, activation: 'relux' }),
    (e: Error) => e instanceof UnknownNameError && /relux.*known: linear, relu/.test(e.message),
  );
  assert.throws(
    () => new Dense({ units: 2, kernelInitializer: 'glorot' }),
    (e: Error) => e instanceof UnknownNameError && /kernelInitializer/.test(e.message),
  );
  assert.throws(
    () => new Dense({ units: 2, inputShape: [0] }),
    (e: Error) => e instanceof ShapeError && /inputShape/.test(e.message),
  );
});

test('Dense on [steps, features] applies to the last axis (Keras): same as Dense on each step', () => {
  const a = new Sequential({ seed: 3, layers: [new Dense({ units: 2, inputShape: [3, 4], activation: 'tanh' })] });
  const b = new Sequential({ seed: 3, layers: [new Dense({ units: 2, inputShape: [4], activation: 'tanh' })] });
  b.setWeights(a.getWeights());
  const x = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i));
  const ya = a.predict(tensor(x, [2, 3, 4]));
  const yb = b.predict(tensor(x, [6, 4]));
  assert.equal(ya.shape, [2, 3, 2]);
  assert.equal(a.getWeights()[0].shape, [4, 2]);
  assert.equal(Array.from(ya.data), Array.from(yb.data));
});

test.run();
