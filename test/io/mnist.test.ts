import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadMnistDigits, mnistSplit } from '../../src/io/mnist.js';
import { Sequential, Dense, SGD, tensor } from '../../src/index.js';

test('the mnist package gives 10,000 labelled digits; the split is seeded and disjoint', () => {
  const all = loadMnistDigits();
  assert.is(all.rows, 10000);
  assert.is(all.images.length, 10000 * 784);
  assert.ok(all.images.every((v) => v >= 0 && v <= 1));
  const a = mnistSplit(0),
    b = mnistSplit(0),
    c = mnistSplit(1);
  assert.is(a.train.rows, 8000);
  assert.is(a.test.rows, 2000);
  assert.equal(Array.from(a.test.labels.slice(0, 50)), Array.from(b.test.labels.slice(0, 50)));
  assert.not.equal(Array.from(a.test.labels.slice(0, 50)), Array.from(c.test.labels.slice(0, 50)));
  const counts = new Array(10).fill(0);
  a.test.labels.forEach((l) => counts[l]++);
  assert.ok(
    counts.every((n) => n > 120),
    `every digit is in the test split: ${counts}`,
  );
});

test('an MLP trained on 8,000 real digits reaches ≥ 93% on the 2,000 held out', async () => {
  const { train, test: held } = mnistSplit(0);
  const m = new Sequential({ seed: 0 });
  m.add(new Dense({ units: 128, activation: 'relu', inputShape: [784] }));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.compile({
    optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  await m.fit(tensor(train.images, [8000, 784]), tensor(train.labels, [8000]), { epochs: 4, batchSize: 128 });
  const { accuracy } = m.evaluate(tensor(held.images, [2000, 784]), tensor(held.labels, [2000]));
  assert.ok(accuracy! >= 0.93, `test accuracy ${accuracy}`);
});

test.run();
