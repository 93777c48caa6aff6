// The Keras batch calls, computeGradients with respect to the input, frozen layers, and
// fit's epochs/initialEpoch rule.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, Dense, Dropout, SGD, tensor, ValueError, loadModel } from '../src/index.js';
import { randoms, bits } from './helpers.js';
import { inputGradientCheck } from './gradcheck.js';

const X = tensor(randoms(150 * 6, 3, -1, 1), [150, 6]);
const Y = tensor(
  Array.from({ length: 150 }, (_, i) => i % 3),
  [150],
);

function model(seed = 4, frozen = false) {
  const m = new Sequential({ seed });
  m.add(new Dense({ units: 8, activation: 'tanh', inputShape: [6], trainable: !frozen }));
  m.add(new Dense({ units: 3, activation: 'softmax' }));
  m.compile({
    optimizer: new SGD({ learningRate: 0.1, momentum: 0.5 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return m;
}

test('trainOnBatch is one fit step on the whole batch: same weights, loss before the step', async () => {
  const a = model(),
    b = model();
  const before = a.evaluate(X, Y, { batchSize: 150 });
  const s = a.trainOnBatch(X, Y);
  const h = await b.fit(X, Y, { batchSize: 150, shuffle: false });
  assert.equal(bits(a.getWeights()), bits(b.getWeights()));
  assert.ok(Math.abs(s.loss - before.loss) < 1e-6, `${s.loss} vs ${before.loss}`);
  assert.ok(Math.abs(s.loss - h.history.loss[0]) < 1e-6);
  assert.is(a.optimizer!.iterations, 1);
});

test('fit adds the last round of chunk gradients in the update: as trainOnBatch on 1, 2, 3 threads', async () => {
  // 150 rows are 3 chunks: on 1 thread rounds 0–1 are reduced and chunk 2 is added by the
  // update; on 2, chunk 2 alone; on 3, chunks 1 and 2 (trainOnBatch reduces every round).
  const a = model();
  a.trainOnBatch(X, Y);
  for (const workers of [1, 2, 3]) {
    const b = model();
    await b.fit(X, Y, { batchSize: 150, shuffle: false, workers });
    assert.equal(bits(b.getWeights()), bits(a.getWeights()), `workers: ${workers}`);
  }
});

test('testOnBatch and predictOnBatch equal evaluate and predict in one pass', () => {
  const m = model();
  assert.equal(m.testOnBatch(X, Y), m.evaluate(X, Y, { batchSize: 150 }));
  assert.equal(Array.from(m.predictOnBatch(X).data), Array.from(m.predict(X, { batchSize: 150 }).data));
});

test('computeGradients: the gradient with respect to the input matches central differences', () => {
  const m = new Sequential({ seed: 2 });
  m.add(new Dense({ units: 5, activation: 'tanh', inputShape: [4] }));
  m.add(new Dense({ units: 2 }));
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const rows = 70; // two chunks: the input gradient of each lands in its own rows
  const x = randoms(rows * 4, 5, -1, 1);
  const y = tensor(randoms(rows * 2, 6, -1, 1), [rows, 2]);
  inputGradientCheck(m, x, [rows, 4], y, 1e-2);
  assert.is(m.computeGradients(tensor(x, [rows, 4]), y).inputGradient, undefined);
});

test('a frozen layer (trainable: false) keeps its weights; the others train; trainable is saved', async () => {
  const m = model(4, true);
  const w0 = m.getWeights();
  await m.fit(X, Y, { epochs: 2, batchSize: 50 });
  const w1 = m.getWeights();
  assert.equal(bits(w1.slice(0, 2)), bits(w0.slice(0, 2)), 'frozen kernel and bias unchanged');
  assert.not.equal(bits(w1.slice(2)), bits(w0.slice(2)), 'the next layer trained');
  assert.is(m.layers[0].getConfig().trainable, false);
  const copy = await loadModel(m.toBytes());
  assert.is(copy.layers[0].trainable, false);
  assert.throws(
    () => new Dense({ units: 2, trainable: 'no' as never }),
    (e: Error) => e instanceof ValueError && /trainable/.test(e.message),
  );
});

test('fit: epochs ≤ initialEpoch is a ValueError naming both', async () => {
  const m = model();
  for (const [epochs, initialEpoch] of [
    [3, 3],
    [2, 5],
  ]) {
    try {
      await m.fit(X, Y, { epochs, initialEpoch });
      assert.unreachable('fit resolved');
    } catch (e) {
      assert.ok(
        e instanceof ValueError &&
          e.message.includes(`epochs (${epochs})`) &&
          e.message.includes(`initialEpoch (${initialEpoch})`),
        (e as Error).message,
      );
    }
  }
  assert.is(m.optimizer!.iterations, 0);
});

test('dropout: trainOnBatch trains with masks, predictOnBatch is the identity through it', () => {
  const m = new Sequential({
    seed: 1,
    layers: [
      new Dense({ units: 4, inputShape: [6] }),
      new Dropout({ rate: 0.5 }),
      new Dense({ units: 3, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  const p1 = m.predictOnBatch(X);
  assert.equal(Array.from(m.predictOnBatch(X).data), Array.from(p1.data));
  assert.ok(Number.isFinite(m.trainOnBatch(X, Y).loss));
});

test('freezing a layer after training (trainable = false) takes effect at the next fit, 1 and 2 threads', async () => {
  for (const workers of [1, 2]) {
    const m = model(6);
    await m.fit(X, Y, { epochs: 1, batchSize: 75, workers });
    m.layers[0].trainable = false;
    const w0 = m.getWeights();
    await m.fit(X, Y, { epochs: 2, batchSize: 75, workers });
    assert.equal(bits(m.getWeights().slice(0, 2)), bits(w0.slice(0, 2)), `frozen layer unchanged, ${workers} threads`);
    assert.not.equal(bits(m.getWeights().slice(2)), bits(w0.slice(2)), `the other trains, ${workers} threads`);
    await m.dispose();
  }
});

test.run();
