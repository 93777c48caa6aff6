import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gradientCheck } from '../gradcheck.js';
import {
  Activation,
  Softmax,
  Sequential,
  Dense,
  Conv1D,
  SGD,
  UnknownNameError,
  ValueError,
  tensor,
} from '../../src/index.js';
import { glu_forward } from '../ref/recurrent.js';
import { directionalCheck, inputGradientCheck } from '../gradcheck.js';
import { randoms, assertClose, transcendental } from '../helpers.js';

for (const act of ['relu', 'leaky_relu', 'sigmoid', 'tanh', 'softmax', 'linear']) {
  test(`Activation(${act}) passes the gradient check`, () => {
    gradientCheck(
      {
        inputs: 4,
        layers: [
          { type: 'dense', units: 6, act: 'linear' },
          { type: 'act', act },
          { type: 'dense', units: 2, act: 'linear' },
        ],
        loss: 'meanSquaredError',
      },
      `activation ${act}`,
    );
  });
}

test('Softmax layer at the end is fused with cross-entropy and passes the gradient check', () => {
  gradientCheck(
    {
      inputs: 4,
      layers: [{ type: 'dense', units: 5, act: 'linear' }, { type: 'softmax' }],
      loss: 'categoricalCrossentropy',
    },
    'softmax layer',
  );
  gradientCheck(
    {
      inputs: 4,
      layers: [
        { type: 'dense', units: 5, act: 'linear' },
        { type: 'act', act: 'softmax' },
      ],
      loss: 'sparseCategoricalCrossentropy',
      sparse: true,
    },
    'activation softmax',
  );
});

test('Activation / Softmax: config round trip, names, errors', () => {
  const a = new Activation({ activation: 'tanh', name: 'a' });
  assert.equal(a.getConfig(), { name: 'a', activation: 'tanh' });
  assert.equal(new Activation(a.getConfig() as never).getConfig(), a.getConfig());
  assert.equal(new Softmax({ name: 's' }).getConfig(), { name: 's' });
  assert.throws(
    () => new Activation({ activation: 'nope' }),
    (e: Error) => e instanceof UnknownNameError && /nope/.test(e.message),
  );
  const m = new Sequential({
    layers: [new Dense({ units: 3, inputShape: [2] }), new Activation({ activation: 'LeakyReLU' })],
  });
  assert.equal(m.layers[1].outputShape, [3]);
});

test("'glu' halves the last axis: Dense(2k) gives k outputs a·σ(b), as the twin; so do Activation and Conv1D", () => {
  const m = new Sequential({
    seed: 4,
    layers: [new Dense({ units: 6, activation: 'glu', biasInitializer: 'randomNormal', inputShape: [5, 4] })],
  });
  assert.equal(m.layers[0].outputShape, [5, 3]);
  const x = randoms(2 * 20, 9);
  const y = m.predict(tensor(x, [2, 5, 4]));
  const [w, b] = m.getWeights();
  const z = new Float64Array(10 * 6);
  for (let r = 0; r < 10; r++)
    for (let j = 0; j < 6; j++) {
      let a = b.data[j];
      for (let q = 0; q < 4; q++) a += x[r * 4 + q] * w.data[q * 6 + j];
      z[r * 6 + j] = a;
    }
  assertClose(y.data, glu_forward(z, 10, 6), (r) => 1e-5 + transcendental(r), 'Dense glu');
  const act = new Sequential({ layers: [new Activation({ activation: 'glu', inputShape: [3, 8] })] });
  const ya = act.predict(tensor(x.subarray(0, 24), [1, 3, 8]));
  assert.equal(ya.shape, [1, 3, 4]);
  assertClose(ya.data, glu_forward(x.subarray(0, 24), 3, 8), transcendental, 'Activation glu');
  const conv = new Conv1D({ filters: 8, kernelSize: 3, padding: 'causal', activation: 'glu', inputShape: [10, 2] });
  new Sequential({ layers: [conv] });
  assert.equal(conv.outputShape, [10, 4]);
  assert.equal(conv.getConfig().activation, 'glu');
});

test("'glu': gradients by central differences (Dense and a gated causal Conv1D, weights and input)", () => {
  for (const layer of [
    new Dense({ units: 4, activation: 'glu', inputShape: [3, 5] }),
    new Conv1D({ filters: 6, kernelSize: 2, padding: 'causal', activation: 'glu', inputShape: [3, 5] }),
  ]) {
    const m = new Sequential({ seed: 2, layers: [layer] });
    m.compile({ optimizer: new SGD(), loss: 'meanSquaredError' });
    const out = layer.outputShape;
    const x = randoms(2 * 15, 3);
    const y = tensor(randoms(2 * out[0] * out[1], 4), [2, ...out]);
    directionalCheck(m, tensor(x, [2, 3, 5]), y, layer.className);
    inputGradientCheck(m, x, [2, 3, 5], y, 1e-3);
  }
});

test("'glu' needs an even width: odd units or filters are ValueErrors", () => {
  assert.throws(
    () => new Dense({ units: 5, activation: 'glu' }),
    (e: Error) =>
      e instanceof ValueError &&
      /units 5 with activation: 'glu' splits the last axis in halves; 5 is odd/.test(e.message),
  );
  assert.throws(
    () => new Conv1D({ filters: 3, kernelSize: 2, activation: 'glu' }),
    (e: Error) => e instanceof ValueError && /filters 3 with activation: 'glu'/.test(e.message),
  );
});

test.run();
