import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  Conv2D,
  Flatten,
  Dense,
  tensor,
  ValueError,
  ShapeError,
  MemoryLimitError,
  deserializeLayer,
} from '../../src/index.js';
import { randoms, assertClose, reduction } from '../helpers.js';
import { directionalCheck, inputGradientCheck } from '../gradcheck.js';
import * as ref from '../ref/conv.js';
import { geometry } from '../../src/layers/geometry.js';

test('Conv2D predicts the direct convolution of its HWIO kernel plus bias', () => {
  const m = new Sequential({
    seed: 2,
    layers: [
      new Conv2D({
        filters: 5,
        kernelSize: [3, 2],
        strides: 2,
        padding: 'same',
        biasInitializer: 'randomNormal',
        inputShape: [7, 6, 3],
      }),
    ],
  });
  assert.equal(m.layers[0].outputShape, [4, 3, 5]);
  const x = randoms(4 * 7 * 6 * 3, 9);
  const [w, b] = m.getWeights();
  assert.equal(w.shape, [3, 2, 3, 5]);
  const g = geometry([7, 6, 3], [3, 2], [2, 2], [1, 1], 'same', 't');
  const y = m.predict(tensor(x, [4, 7, 6, 3]));
  assert.equal(y.shape, [4, 4, 3, 5]);
  assertClose(y.data, ref.conv2d_forward(x, w.data, b.data, g, 4, 5), reduction(18, 1, 1), 'predict');
});

test('Conv2D twin: its gradients are the finite differences of its forward', () => {
  const g = geometry([5, 4, 2], [3, 3], [1, 1], [1, 1], 'same', 't');
  const x = Float64Array.from(randoms(2 * 40, 1));
  const w = Float64Array.from(randoms(18 * 3, 2));
  const dy = Float64Array.from(randoms(2 * 20 * 3, 3));
  const f = (xs: ArrayLike<number>, ws: ArrayLike<number>) =>
    ref.conv2d_forward(xs, ws, undefined, g, 2, 3).reduce((a, v, i) => a + v * dy[i], 0);
  const v = Float64Array.from(randoms(x.length, 4));
  const u = Float64Array.from(randoms(w.length, 5));
  const e = 1e-4;
  const fdx =
    (f(
      x.map((xi, i) => xi + e * v[i]),
      w,
    ) -
      f(
        x.map((xi, i) => xi - e * v[i]),
        w,
      )) /
    (2 * e);
  const fdw =
    (f(
      x,
      w.map((wi, i) => wi + e * u[i]),
    ) -
      f(
        x,
        w.map((wi, i) => wi - e * u[i]),
      )) /
    (2 * e);
  const dx = ref.conv2d_backward_input(dy, w, g, 2, 3);
  const dw = ref.conv2d_backward_filter(x, dy, g, 2, 3);
  assert.ok(Math.abs(fdx - dx.reduce((a, d, i) => a + d * v[i], 0)) < 1e-8);
  assert.ok(Math.abs(fdw - dw.reduce((a, d, i) => a + d * u[i], 0)) < 1e-8);
});

for (const [what, args] of [
  ['3×3 tanh, same', { filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh' }],
  ['2×3 stride 2, sigmoid', { filters: 3, kernelSize: [2, 3], strides: 2, activation: 'sigmoid' }],
  ['3×3 dilation 2, softplus', { filters: 2, kernelSize: 3, dilationRate: 2, activation: 'softplus' }],
  ['1×1 pointwise, elu + L2', { filters: 3, kernelSize: 1, activation: 'elu', kernelRegularizer: 'l2' }],
] as const) {
  test(`Conv2D ${what}: weight and input gradients match central differences`, () => {
    const m = new Sequential({
      seed: 5,
      layers: [
        new Conv2D({ ...args, biasInitializer: 'randomNormal', inputShape: [6, 7, 2] }),
        new Flatten(),
        new Dense({ units: 3 }),
      ],
    });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const rows = 3;
    const x = randoms(rows * 84, 11);
    const y = tensor(randoms(rows * 3, 12), [rows, 3]);
    directionalCheck(m, tensor(x, [rows, 6, 7, 2]), y, what);
    inputGradientCheck(m, x, [rows, 6, 7, 2], y, 1e-3);
  });
}

test('Conv2D on samples whose rows are built a block at a time (5 samples: blocks of 3 + 2) matches the twin', () => {
  // [16, 16, 8] at 3×3 'same': 256 × 72 floats of rows a sample, over what forward keeps.
  const conv = () =>
    new Conv2D({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh', inputShape: [16, 16, 8] });
  const rows = 5;
  const x = randoms(rows * 2048, 3);
  const alone = new Sequential({ seed: 8, layers: [conv()] });
  const [w] = alone.getWeights();
  const g = geometry([16, 16, 8], [3, 3], [1, 1], [1, 1], 'same', 't');
  const y = alone.predict(tensor(x, [rows, 16, 16, 8]));
  const z = ref.conv2d_forward(x, w.data, undefined, g, rows, 4);
  assertClose(y.data, z.map(Math.tanh), reduction(72, 1, 1), 'forward');
  const m = new Sequential({ seed: 8, layers: [conv(), new Flatten(), new Dense({ units: 2 })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const t = tensor(randoms(rows * 2, 4), [rows, 2]);
  directionalCheck(m, tensor(x, [rows, 16, 16, 8]), t, 'blocks');
  inputGradientCheck(m, x, [rows, 16, 16, 8], t, 1e-3);
});

test('Conv2D kernel initializer fans: receptive field × channels (Keras compute_fans)', () => {
  const m = new Sequential({
    seed: 1,
    layers: [new Conv2D({ filters: 64, kernelSize: 5, kernelInitializer: 'glorotUniform', inputShape: [9, 9, 32] })],
  });
  const w = m.getWeights()[0].data;
  const limit = Math.sqrt(6 / (25 * 32 + 25 * 64));
  const top = w.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  assert.ok(top <= limit && top > 0.99 * limit, `max |w| ${top}, limit ${limit}`);
});

test('Conv2D: bad arguments are typed errors naming them', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ filters: 0, kernelSize: 3 }, /filters.*0/],
    [{ filters: 2, kernelSize: 'x' }, /kernelSize.*"x"/],
    [{ filters: 2, kernelSize: [3, 3, 3] }, /kernelSize/],
    [{ filters: 2, kernelSize: 3, padding: 'full' }, /padding.*full/],
    [{ filters: 2, kernelSize: 3, strides: 0 }, /strides/],
    [{ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }, /dilationRate > 1 needs strides 1/],
    [{ filters: 2, kernelSize: 3, dataFormat: 'channelsFirst' }, /channelsLast.*channelsFirst/],
  ];
  for (const [args, re] of bad)
    assert.throws(
      () => new Conv2D(args as never),
      (e: Error) => e instanceof ValueError && re.test(e.message),
      JSON.stringify(args),
    );
  const build = (inputShape: number[]) => () =>
    new Sequential({ layers: [new Conv2D({ filters: 2, kernelSize: 5, inputShape })] });
  assert.throws(
    build([28, 28]),
    (e: Error) => e instanceof ShapeError && /height, width, channels.*28, 28\]/.test(e.message),
  );
  assert.throws(build([3, 3, 1]), (e: Error) => e instanceof ShapeError && /window of 5.*input of 3/.test(e.message));
});

test('Conv2D sizes beyond the memory are MemoryLimitErrors naming what did not fit', () => {
  const many = new Sequential({ layers: [new Conv2D({ filters: 1e9, kernelSize: 3, inputShape: [28, 28, 1] })] });
  assert.throws(
    () => many.predict(tensor(new Float32Array(784), [1, 28, 28, 1])),
    (e: Error) => e instanceof MemoryLimitError && /parameters/.test(e.message),
  );
  const big = new Sequential({
    layers: [new Conv2D({ filters: 64, kernelSize: 11, padding: 'same', inputShape: [4096, 4096, 3] })],
  });
  assert.throws(
    () => big.predict(tensor(new Float32Array(4096 * 4096 * 3), [1, 4096, 4096, 3])),
    (e: Error) => e instanceof MemoryLimitError && /output \(batch of 1\)/.test(e.message),
  );
});

test('Conv2D config round trip', () => {
  const l = new Conv2D({
    filters: 4,
    kernelSize: [2, 3],
    strides: 1,
    dilationRate: 2,
    padding: 'same',
    useBias: false,
  });
  const c = l.getConfig();
  assert.equal(c.kernelSize, [2, 3]);
  assert.equal(deserializeLayer({ className: 'Conv2D', config: c }).getConfig(), { ...c, name: c.name });
});

test.run();
