import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  Dense,
  SGD,
  tensor,
  ShapeError,
  ValueError,
  StateError,
  UnknownNameError,
  SimdnetError,
} from '../src/index.js';

function model() {
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 4, activation: 'relu', inputShape: [3] }));
  m.add(new Dense({ units: 3, activation: 'softmax' }));
  return m;
}
function compiled(loss = 'sparseCategoricalCrossentropy') {
  const m = model();
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss, metrics: ['accuracy'] });
  return m;
}
const x = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];
const y = [0, 1, 2];

async function rejects(p: Promise<unknown>, type: new (...a: never[]) => Error, re: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e) => e,
  );
  assert.ok(err instanceof type, `expected ${type.name}, got ${err}`);
  assert.ok(err instanceof SimdnetError, 'part of the SimdnetError family');
  assert.match(err.message, re);
}

test('fit before compile is a StateError', async () => {
  await rejects(model().fit(x, y), StateError, /compile/);
});

test('wrong input width names the layer and both shapes', async () => {
  await rejects(
    compiled().fit([[1, 2, 3, 4]], [0]),
    ShapeError,
    /Dense\(dense(_\d+)?\) expects samples of shape \[3\].*received data of shape \[1, 4\]/,
  );
  assert.throws(
    () => compiled().predict(tensor(new Float32Array(8), [2, 4])),
    (e: Error) => e instanceof ShapeError && /\[2, 4\]/.test(e.message),
  );
});

test('ragged rows, non-numbers, bare typed arrays, empty data', async () => {
  await rejects(
    compiled().fit(
      [
        [1, 2, 3],
        [4, 5],
      ],
      [0, 1],
    ),
    ShapeError,
    /ragged data: row \[1\] has length 2, expected length 3/,
  );
  await rejects(compiled().fit([[1, 2, 'a' as unknown as number]], [0]), ValueError, /element \[0, 2\] is string/);
  await rejects(compiled().fit(new Float32Array(9) as never, y), ValueError, /has no shape/);
  await rejects(compiled().fit([], []), ValueError, /empty/);
  await rejects(compiled().fit(tensor(new Float32Array(0), [0, 3]), []), ValueError, /empty/);
});

test('NaN and ±Infinity in inputs name the sample and feature', async () => {
  await rejects(
    compiled().fit(
      [
        [1, 2, 3],
        [4, NaN, 6],
      ],
      [0, 1],
    ),
    ValueError,
    /x: sample 1, feature 1 is NaN/,
  );
  await rejects(compiled().fit(tensor([1, 2, Infinity], [1, 3]), [0]), ValueError, /sample 0, feature 2 is Infinity/);
  await rejects(
    compiled('categoricalCrossentropy').fit(x, [
      [1, 0, 0],
      [0, -Infinity, 0],
      [0, 0, 1],
    ]),
    ValueError,
    /y: sample 1, feature 1 is -Infinity/,
  );
  // inputs are checked where they are staged, in the arena; the messages number the whole set
  const rows = Array.from({ length: 10 }, (_, i) => [i, i + 1, i + 2]);
  rows[8][2] = NaN;
  await rejects(
    compiled().fit(
      rows,
      Array.from({ length: 10 }, (_, i) => i % 3),
      { validationSplit: 0.3 },
    ),
    ValueError,
    /fit: x: sample 8, feature 2 is NaN/,
  );
  await rejects(
    compiled().fit(x, [0, 1, 2], { validationData: [rows, Array.from({ length: 10 }, () => 0)] }),
    ValueError,
    /fit: validationData x: sample 8, feature 2 is NaN/,
  );
  const m = compiled();
  assert.throws(
    () => m.predict(rows),
    (e: Error) => e instanceof ValueError && /predict: x: sample 8, feature 2 is NaN/.test(e.message),
  );
  assert.throws(
    () =>
      m.evaluate(
        rows,
        Array.from({ length: 10 }, () => 0),
      ),
    (e: Error) => e instanceof ValueError && /evaluate: x: sample 8/.test(e.message),
  );
  assert.throws(
    () =>
      m.computeGradients(
        rows,
        Array.from({ length: 10 }, () => 0),
      ),
    (e: Error) => e instanceof ValueError && /computeGradients: x: sample 8/.test(e.message),
  );
  assert.equal(m.predict(rows.slice(0, 8)).shape, [8, 3]); // and the model still works
});

test('labels out of range or not integers; one-hot width must match the output', async () => {
  await rejects(compiled().fit(x, [0, 3, 1]), ValueError, /label 1 is 3; class indices must be integers in \[0, 2\]/);
  await rejects(compiled().fit(x, [0, 1.5, 1]), ValueError, /label 1 is 1.5/);
  await rejects(compiled().fit(x, [0, -1, 1]), ValueError, /label 1 is -1/);
  await rejects(
    compiled().fit(x, [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]),
    ShapeError,
    /sparseCategoricalCrossentropy takes class indices/,
  );
  await rejects(
    compiled('categoricalCrossentropy').fit(x, [
      [1, 0],
      [0, 1],
      [1, 0],
    ]),
    ShapeError,
    /expected targets of shape \[n, 3\].*\[3, 2\]/,
  );
});

test('x/y length mismatch', async () => {
  await rejects(compiled().fit(x, [0, 1]), ShapeError, /x has 3 samples but y has 2/);
});

test('batch size 0, negative, non-integer; epochs ≤ 0; bad validationSplit', async () => {
  for (const bs of [0, -1, 1.5, NaN])
    await rejects(
      compiled().fit(x, y, { batchSize: bs }),
      ValueError,
      new RegExp(`batchSize must be a positive integer or 'full', received ${bs}`),
    );
  await rejects(compiled().fit(x, y, { batchSize: 'half' as never }), ValueError, /batchSize/);
  for (const epochs of [0, -2, 1.5])
    await rejects(compiled().fit(x, y, { epochs }), ValueError, /epochs must be a positive integer/);
  await rejects(compiled().fit(x, y, { validationSplit: 1 }), ValueError, /validationSplit/);
  await rejects(compiled().fit(x, y, { validationSplit: 0.9 }), ValueError, /empty training or validation set/);
  assert.throws(
    () => compiled().predict(x, { batchSize: 0 }),
    (e: Error) => e instanceof ValueError && /batchSize/.test(e.message),
  );
});

test('two concurrent fit calls on one model: the second is a StateError', async () => {
  const m = compiled();
  const big = tensor(
    new Float32Array(3000).map((_, i) => (i % 7) / 7),
    [1000, 3],
  );
  const labels = tensor(
    new Float32Array(1000).map((_, i) => i % 3),
    [1000],
  );
  const first = m.fit(big, labels, { epochs: 50, batchSize: 1 });
  await rejects(m.fit(x, y), StateError, /already training/);
  assert.throws(
    () => m.predict(x),
    (e: Error) => e instanceof StateError,
  );
  m.stopTraining = true;
  await first;
  m.predict(x); // idle again
});

test('compile: unknown loss, optimizer, metric; bad optimizer arguments', () => {
  assert.throws(
    () => model().compile({ optimizer: 'sgd', loss: 'hinge' }),
    (e: Error) =>
      e instanceof UnknownNameError && /unknown loss "hinge"; known: categoricalCrossentropy/.test(e.message),
  );
  assert.throws(
    () => model().compile({ optimizer: 'adamw', loss: 'mse' }),
    (e: Error) => e instanceof UnknownNameError && /optimizer/.test(e.message),
  );
  assert.throws(
    () => model().compile({ optimizer: 'sgd', loss: 'mse', metrics: ['f1'] }),
    (e: Error) => e instanceof ValueError && /metric "f1"/.test(e.message),
  );
  for (const lr of [0, -1, NaN, Infinity])
    assert.throws(
      () => new SGD({ learningRate: lr }),
      (e: Error) => e instanceof ValueError && /learningRate/.test(e.message),
    );
  assert.throws(
    () => new SGD({ momentum: 1 }),
    (e: Error) => e instanceof ValueError && /momentum/.test(e.message),
  );
  assert.throws(
    () => new Sequential({ seed: -1 }),
    (e: Error) => e instanceof ValueError && /seed/.test(e.message),
  );
});

test('names are accepted in camelCase and snake_case', () => {
  const m = model();
  m.compile({ optimizer: 'SGD', loss: 'sparse_categorical_crossentropy' });
  assert.is(m.loss!.className, 'SparseCategoricalCrossentropy');
});

test('predict: shape, batching, nested and tensor input agree', () => {
  const m = compiled();
  const a = m.predict(x, { batchSize: 2 });
  const b = m.predict(tensor(x.flat(), [3, 3]));
  assert.equal(a.shape, [3, 3]);
  assert.equal(Array.from(a.data), Array.from(b.data));
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(a.data[i * 3] + a.data[i * 3 + 1] + a.data[i * 3 + 2] - 1) < 1e-6);
});

test('summary lists layers, shapes and parameter counts', () => {
  const text = compiled().summary(null);
  assert.match(text, /dense\S* \(Dense\)\s+\[null, 4\]\s+16/);
  assert.match(text, /Total params: 31/);
});

test('setWeights checks count, shape and values', () => {
  const m = compiled();
  const w = m.getWeights();
  assert.throws(
    () => m.setWeights(w.slice(1)),
    (e: Error) => e instanceof ShapeError && /expected 4 tensors/.test(e.message),
  );
  const bad = w.map((t) => ({ ...t }));
  bad[0] = tensor(new Float32Array(12), [4, 3]);
  assert.throws(
    () => m.setWeights(bad),
    (e: Error) => e instanceof ShapeError && /kernel expects shape \[3, 4\], received \[4, 3\]/.test(e.message),
  );
  bad[0] = tensor(new Float32Array(12).fill(NaN), [3, 4]);
  assert.throws(
    () => m.setWeights(bad),
    (e: Error) => e instanceof ValueError && /NaN/.test(e.message),
  );
});

test('a model too large for the memory is a MemoryLimitError from a byte estimate, not a trap', async () => {
  const { MemoryLimitError } = await import('../src/errors.js');
  const m = new Sequential();
  m.add(new Dense({ units: 40000, inputShape: [40000] }));
  assert.throws(
    () => m.compile({ optimizer: 'sgd', loss: 'mse' }),
    (e: Error) =>
      e instanceof MemoryLimitError && /parameters, gradients, optimizer state: needs 12207.3 MiB/.test(e.message),
  );
});
test.run();
