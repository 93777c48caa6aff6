import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gradientCheck } from '../gradcheck.js';
import { Activation, Softmax, Sequential, Dense, UnknownNameError } from '../../src/index.js';

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

test.run();
