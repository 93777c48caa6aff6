import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, LeakyReLU, Dense, tensor, ValueError, deserializeLayer } from '../../src/index.js';
import { randoms } from '../helpers.js';
import { inputGradientCheck } from '../gradcheck.js';

test('LeakyReLU: Keras default slope 0.3, tfjs alpha accepted, config round trip', () => {
  const m = new Sequential({ layers: [new LeakyReLU({ inputShape: [4] })] });
  assert.equal(Array.from(m.predict(tensor([-2, -0.5, 0, 3], [1, 4])).data), [
    Math.fround(-0.6),
    Math.fround(-0.15),
    0,
    3,
  ]);
  const l = new LeakyReLU({ alpha: 0.1 });
  assert.is(l.negativeSlope, 0.1);
  const c = l.getConfig();
  assert.equal(deserializeLayer({ className: 'LeakyReLU', config: c }).getConfig(), c);
  assert.throws(
    () => new LeakyReLU({ negativeSlope: -1 }),
    (e: Error) => e instanceof ValueError && /negativeSlope.*-1/.test(e.message),
  );
  assert.throws(
    () => new LeakyReLU({ negativeSlope: 0.1, alpha: 0.2 }),
    (e: Error) => e instanceof ValueError,
  );
});

test('LeakyReLU: input gradient through the real WASM path matches central differences', () => {
  const m = new Sequential({
    seed: 3,
    layers: [new Dense({ units: 6, inputShape: [5] }), new LeakyReLU({ negativeSlope: 0.2 }), new Dense({ units: 2 })],
  });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const rows = 9;
  const x = randoms(rows * 5, 1, -1, 1);
  const y = tensor(randoms(rows * 2, 2), [rows, 2]);
  inputGradientCheck(m, x, [rows, 5], y, 1e-3);
});

test.run();
