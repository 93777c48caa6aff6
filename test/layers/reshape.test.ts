import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, Flatten, Reshape, Dense, tensor, ShapeError, ValueError } from '../../src/index.js';
import { randoms } from '../helpers.js';
import { inputGradientCheck } from '../gradcheck.js';

test('Flatten and Reshape keep the row-major order of a sample; -1 is inferred', () => {
  const m = new Sequential({ layers: [new Flatten({ inputShape: [2, 3, 2] }), new Reshape({ targetShape: [-1, 4] })] });
  assert.equal(m.layers[0].outputShape, [12]);
  assert.equal(m.layers[1].outputShape, [3, 4]);
  const x = Float32Array.from({ length: 24 }, (_, i) => i);
  const y = m.predict(tensor(x, [2, 2, 3, 2]));
  assert.equal(y.shape, [2, 3, 4]);
  assert.equal(Array.from(y.data), Array.from(x));
});

test('Flatten → Dense: input gradient matches central differences', () => {
  const m = new Sequential({
    seed: 2,
    layers: [new Flatten({ inputShape: [3, 2, 2] }), new Dense({ units: 2, activation: 'tanh' })],
  });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  inputGradientCheck(m, randoms(36, 1), [3, 3, 2, 2], tensor(randoms(6, 2), [3, 2]), 1e-3);
});

test('Reshape: bad target shapes are typed errors', () => {
  for (const t of [[], [0, 2], [-1, -1], 'x', [2.5]])
    assert.throws(
      () => new Reshape({ targetShape: t as never }),
      (e: Error) => e instanceof ValueError,
      String(t),
    );
  assert.throws(
    () => new Sequential({ layers: [new Reshape({ targetShape: [5, -1], inputShape: [12] })] }),
    (e: Error) => e instanceof ShapeError && /12 values/.test(e.message),
  );
});

test.run();
