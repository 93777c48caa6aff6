import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  Conv1D,
  MaxPooling1D,
  AveragePooling1D,
  GlobalMaxPooling1D,
  GlobalAveragePooling1D,
  Flatten,
  Dense,
  tensor,
  ValueError,
  ShapeError,
  deserializeLayer,
} from '../../src/index.js';
import { randoms, assertClose, reduction } from '../helpers.js';
import { directionalCheck, inputGradientCheck } from '../gradcheck.js';
import * as ref from '../ref/conv.js';
import type { Geometry } from '../../src/layers/geometry.js';

// The 1-D layers as the twins see them: a sequence of `steps` is an image one row high.
const row = (steps: number, C: number, k: number, s: number, d: number, PL: number, OW: number): Geometry => ({
  H: 1,
  W: steps,
  C,
  KH: 1,
  KW: k,
  SH: 1,
  SW: s,
  DH: 1,
  DW: d,
  PT: 0,
  PL,
  OH: 1,
  OW,
});

test("Conv1D predicts the direct convolution: 'valid', 'same' (the odd step after) and 'causal'", () => {
  const cases = [
    { padding: 'valid', k: 3, s: 1, d: 1, PL: 0, OW: 8 },
    { padding: 'same', k: 4, s: 2, d: 1, PL: 1, OW: 5 }, // total max(4·2 + 4 − 10, 0) = 2: 1 before
    { padding: 'causal', k: 3, s: 1, d: 2, PL: 4, OW: 10 },
    { padding: 'causal', k: 2, s: 3, d: 1, PL: 1, OW: 4 },
  ] as const;
  for (const c of cases) {
    const m = new Sequential({
      seed: 3,
      layers: [
        new Conv1D({
          filters: 3,
          kernelSize: c.k,
          strides: c.s,
          dilationRate: c.d,
          padding: c.padding,
          biasInitializer: 'randomNormal',
          inputShape: [10, 2],
        }),
      ],
    });
    const [w, b] = m.getWeights();
    assert.equal(w.shape, [c.k, 2, 3]);
    const x = randoms(2 * 20, c.k);
    const y = m.predict(tensor(x, [2, 10, 2]));
    assert.equal(y.shape, [2, c.OW, 3], c.padding);
    const g = row(10, 2, c.k, c.s, c.d, c.PL, c.OW);
    assertClose(y.data, ref.conv2d_forward(x, w.data, b.data, g, 2, 3), reduction(c.k * 2, 1, 1), c.padding);
  }
});

test("Conv1D 'causal': output t does not change when inputs after t do", () => {
  const m = new Sequential({
    seed: 1,
    layers: [new Conv1D({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'causal', inputShape: [8, 1] })],
  });
  const x = randoms(8, 4);
  const later = Float32Array.from(x, (v, i) => (i > 4 ? v + 1 : v));
  const a = m.predict(tensor(x, [1, 8, 1])).data;
  const b = m.predict(tensor(later, [1, 8, 1])).data;
  assert.equal(Array.from(a.subarray(0, 10)), Array.from(b.subarray(0, 10))); // steps 0–4, 2 filters
  assert.not.equal(Array.from(a.subarray(10)), Array.from(b.subarray(10)));
});

const LAYERS = [
  ['Conv1D causal tanh', () => new Conv1D({ filters: 3, kernelSize: 3, padding: 'causal', activation: 'tanh' })],
  ['Conv1D same stride 2', () => new Conv1D({ filters: 2, kernelSize: 2, strides: 2, padding: 'same' })],
  ['MaxPooling1D', () => new MaxPooling1D({ poolSize: 3, strides: 2, padding: 'same' })],
  ['AveragePooling1D', () => new AveragePooling1D({ poolSize: 3, strides: 2, padding: 'same' })],
] as const;
for (const [what, make] of LAYERS) {
  test(`${what}: weight and input gradients match central differences`, () => {
    const m = new Sequential({
      seed: 4,
      layers: [
        new Conv1D({
          filters: 3,
          kernelSize: 2,
          activation: 'sigmoid',
          biasInitializer: 'randomNormal',
          inputShape: [9, 2],
        }),
        make(),
        new Flatten(),
        new Dense({ units: 2 }),
      ],
    });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = randoms(3 * 18, 5);
    const y = tensor(randoms(6, 6), [3, 2]);
    directionalCheck(m, tensor(x, [3, 9, 2]), y, what);
    inputGradientCheck(m, x, [3, 9, 2], y, 1e-3);
  });
}

test('global 1-D poolings: one value per channel, max and mean over the steps', () => {
  const x = tensor([1, 5, 3, 2, 2, 8], [1, 3, 2]);
  assert.equal(
    Array.from(new Sequential({ layers: [new GlobalMaxPooling1D({ inputShape: [3, 2] })] }).predict(x).data),
    [3, 8],
  );
  assert.equal(
    Array.from(new Sequential({ layers: [new GlobalAveragePooling1D({ inputShape: [3, 2] })] }).predict(x).data),
    [2, 5],
  );
});

test('1-D layers: bad arguments and shapes are typed errors; config round trip', () => {
  for (const args of [
    { filters: 2, kernelSize: [2, 2] },
    { filters: 2, kernelSize: 3, padding: 'full' },
    { filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 },
  ])
    assert.throws(
      () => new Conv1D(args as never),
      (e: Error) => e instanceof ValueError,
      JSON.stringify(args),
    );
  assert.throws(
    () => new MaxPooling1D({ padding: 'causal' as never }),
    (e: Error) => e instanceof ValueError,
  );
  assert.throws(
    () => new Sequential({ layers: [new Conv1D({ filters: 2, kernelSize: 3, inputShape: [8, 8, 1] })] }),
    (e: Error) => e instanceof ShapeError && /steps, channels/.test(e.message),
  );
  // Sizes the i32 kernels could not take are refused, not wrapped around.
  assert.throws(
    () =>
      new Sequential({
        layers: [new Conv1D({ filters: 2, kernelSize: 3, dilationRate: 2e9, padding: 'causal', inputShape: [4, 1] })],
      }),
    (e: Error) => e instanceof ValueError && /exceeds 2³¹ − 1/.test(e.message),
  );
  const l = new Conv1D({ filters: 4, kernelSize: [3] as never, padding: 'causal', dilationRate: 2 });
  const c = l.getConfig();
  assert.is(c.kernelSize, 3);
  assert.equal(deserializeLayer({ className: 'Conv1D', config: c }).getConfig(), c);
});

test.run();
