import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  Dense,
  SGD,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  tensor,
  ValueError,
  UnknownNameError,
  getLoss,
} from '../src/index.js';
import { Harness, randoms, assertClose, transcendental } from './helpers.js';
import { gradientCheck, directionalCheck } from './gradcheck.js';

const h = new Harness();

test('sigmoid_binary_crossentropy is exact and finite for logits ±1000', () => {
  h.reset();
  const z = h.buf([1000, -1000, 1000, -1000, 0]),
    t = h.buf([1, 0, 0, 1, 1]),
    d = h.buf(5);
  const sum = h.k.sigmoid_binary_crossentropy(d.ptr, z.ptr, t.ptr, 1, 5, 1);
  assert.ok(Math.abs(sum - (2000 + Math.log(2))) < 1e-6, `loss ${sum}`);
  assertClose(h.read(d), [0, 0, 1, -1, -0.5], transcendental, 'gradient sigmoid(z) − t');
});

test('binary_crossentropy on probabilities clips at 1e-7 like Keras', () => {
  h.reset();
  const p = h.buf([0, 1, 0.25]),
    t = h.buf([1, 1, 0]),
    d = h.buf(3);
  const sum = h.k.binary_crossentropy(d.ptr, p.ptr, t.ptr, 1, 3, 1);
  const expected = -Math.log(1e-7) - Math.log(1 - 1e-7) - Math.log(0.75);
  assert.ok(Math.abs(sum - expected) < 1e-6, `loss ${sum} vs ${expected}`);
  assertClose(h.read(d), [0, 0, 1 / 0.75], transcendental, 'gradient');
});

test(
  'BinaryCrossentropy: fused with a sigmoid output, fromLogits on a linear one, plain otherwise — same ' + 'values',
  () => {
    const x = tensor(randoms(6 * 4, 1), [6, 4]);
    const y = tensor(
      Array.from({ length: 12 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)),
      [6, 2],
    );
    const make = (activation: string, loss: unknown) => {
      const m = new Sequential({ seed: 2 });
      m.add(new Dense({ units: 2, activation, inputShape: [4] }));
      m.compile({ optimizer: new SGD(), loss: loss as never });
      return m;
    };
    const fused = make('sigmoid', 'binaryCrossentropy');
    const logits = make('linear', new BinaryCrossentropy({ fromLogits: true }));
    assert.ok(fused.session(undefined, 't').fusedLayer === 0 && logits.session(undefined, 't').fusedLayer === -1);
    const a = fused.computeGradients(x, y),
      b = logits.computeGradients(x, y);
    assert.ok(Math.abs(a.loss - b.loss) < 1e-6, `${a.loss} vs ${b.loss}`);
    assertClose(a.grads[0].data, b.grads[0].data, (r) => 1e-6 + 1e-5 * Math.abs(r), 'same gradients');
    directionalCheck(fused, x, y, 'bce fused');
    directionalCheck(logits, x, y, 'bce from logits');
    const plain = make('softsign', 'binaryCrossentropy'); // outputs in (−1, 1): clipped where ≤ 0
    directionalCheck(
      make('sigmoid', { className: 'BinaryCrossentropy', config: { fromLogits: false } }),
      x,
      y,
      'bce by config',
    );
    assert.ok(Number.isFinite(plain.computeGradients(x, y).loss));
  },
);

test('categoricalCrossentropy fromLogits equals the fused softmax path', () => {
  const x = tensor(randoms(5 * 3, 4), [5, 3]);
  const y = tensor([0, 2, 1, 1, 0], [5]);
  const a = new Sequential({ seed: 3, layers: [new Dense({ units: 3, activation: 'softmax', inputShape: [3] })] });
  a.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  const b = new Sequential({ seed: 3, layers: [new Dense({ units: 3, inputShape: [3] })] });
  b.compile({ optimizer: 'sgd', loss: new CategoricalCrossentropy({ fromLogits: true }) });
  const ga = a.computeGradients(x, y),
    gb = b.computeGradients(x, y);
  assert.ok(Math.abs(ga.loss - gb.loss) < 1e-6);
  assertClose(ga.grads[0].data, gb.grads[0].data, (r) => 1e-6 + 1e-5 * Math.abs(r), 'gradients');
  gradientCheck(
    {
      inputs: 4,
      layers: [
        { type: 'dense', units: 5, act: 'sigmoid' },
        { type: 'dense', units: 3, act: 'softmax' },
      ],
      loss: 'sparseCategoricalCrossentropy',
      sparse: true,
    },
    'sparse fused',
  );
});

test('loss objects: bad arguments and unknown names', () => {
  assert.throws(
    () => new BinaryCrossentropy({ fromLogits: 'yes' as never }),
    (e: Error) => e instanceof ValueError && /fromLogits/.test(e.message),
  );
  assert.throws(
    () => getLoss('hinge', 'compile: loss'),
    (e: Error) => e instanceof UnknownNameError && /binaryCrossentropy/.test(e.message),
  );
  assert.is(getLoss('binary_crossentropy', 'x').className, 'BinaryCrossentropy');
});

test('output [steps, classes], labels [n, steps]: the mean cross-entropy over every step, accuracy per step', () => {
  const T = 5;
  const m = new Sequential({
    seed: 3,
    layers: [new Dense({ units: 3, activation: 'softmax', biasInitializer: 'randomNormal', inputShape: [T, 4] })],
  });
  m.compile({ optimizer: new SGD(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const n = 7;
  const x = Float32Array.from({ length: n * T * 4 }, (_, i) => Math.sin(i * 1.7));
  const labels = Float32Array.from({ length: n * T }, (_, i) => (i * 5) % 3);
  const p = m.predict(tensor(x, [n, T, 4])).data;
  let ce = 0;
  let right = 0;
  for (let i = 0; i < n * T; i++) {
    ce -= Math.log(p[i * 3 + labels[i]]);
    const best = [0, 1, 2].reduce((a, c) => (p[i * 3 + c] > p[i * 3 + a] ? c : a), 0);
    if (best === labels[i]) right++;
  }
  const r = m.evaluate(tensor(x, [n, T, 4]), tensor(labels, [n, T]));
  assert.ok(Math.abs(r.loss - ce / (n * T)) < 1e-5, `loss ${r.loss} vs ${ce / (n * T)}`);
  assert.ok(Math.abs(r.accuracy! - right / (n * T)) < 1e-6, `accuracy ${r.accuracy} vs ${right / (n * T)}`);
  const oneHot = new Float32Array(n * T * 3);
  labels.forEach((c, i) => (oneHot[i * 3 + c] = 1));
  m.compile({ optimizer: new SGD(), loss: 'categoricalCrossentropy' });
  assert.ok(Math.abs(m.evaluate(tensor(x, [n, T, 4]), tensor(oneHot, [n, T, 3])).loss - r.loss) < 1e-6);
  const bad = Float32Array.from(labels);
  bad[2 * T + 3] = 3;
  m.compile({ optimizer: new SGD(), loss: 'sparseCategoricalCrossentropy' });
  assert.throws(
    () => m.evaluate(tensor(x, [n, T, 4]), tensor(bad, [n, T])),
    (e: Error) =>
      e instanceof ValueError &&
      /label sample 2, step 3 is 3; class indices must be integers in \[0, 2\]/.test(e.message),
  );
});

test.run();
