import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  Dense,
  SGD,
  tensor,
  earlyStopping,
  reduceLROnPlateau,
  ExponentialDecay,
  ValueError,
  type Callback,
} from '../src/index.js';
import { randoms } from './helpers.js';

const x = tensor(randoms(20 * 3, 1), [20, 3]);
const y = tensor(randoms(20, 2), [20, 1]);

function model(lr: number | ExponentialDecay = 0.05) {
  const m = new Sequential({ seed: 2, layers: [new Dense({ units: 1, inputShape: [3] })] });
  m.compile({ optimizer: new SGD({ learningRate: lr }), loss: 'mse' });
  return m;
}

// Feeds a scripted sequence of 'val_loss' values to the callbacks under test.
function scripted(values: number[]): Callback {
  return { onEpochEnd: (epoch, logs) => void (logs.val_loss = values[epoch]) };
}

test('earlyStopping stops after `patience` epochs without improvement', async () => {
  const es = earlyStopping({ patience: 2 });
  const h = await model().fit(x, y, { epochs: 20, callbacks: [scripted([5, 4, 4.5, 4.2, 3, 3]), es] });
  assert.is(h.epoch.length, 4); // best 4 at epoch 1; epochs 2, 3 do not improve → stop at 3
  assert.is(es.stoppedEpoch, 3);
});

test("earlyStopping with restoreBestWeights puts back the best epoch's weights", async () => {
  const m = model();
  let atBest: number[] = [];
  const record: Callback = { onEpochEnd: (e) => void (e === 1 && (atBest = Array.from(m.getWeights()[0].data))) };
  await m.fit(x, y, {
    epochs: 10,
    callbacks: [scripted([3, 1, 2, 2, 2]), record, earlyStopping({ patience: 2, restoreBestWeights: true })],
  });
  assert.equal(Array.from(m.getWeights()[0].data), atBest);
});

test('earlyStopping monitors accuracy with mode auto (max) and validates its arguments', async () => {
  const m = new Sequential({ seed: 1, layers: [new Dense({ units: 2, activation: 'softmax', inputShape: [3] })] });
  m.compile({
    optimizer: new SGD({ learningRate: 1e-6 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const labels = tensor(
    Array.from({ length: 20 }, (_, i) => i % 2),
    [20],
  );
  const h = await m.fit(x, labels, {
    epochs: 10,
    validationData: [x, labels],
    callbacks: earlyStopping({ monitor: 'val_accuracy', patience: 1 }),
  });
  assert.is(h.epoch.length, 2, 'accuracy does not improve with lr 1e-6');
  await m.fit(x, labels, { epochs: 2, callbacks: earlyStopping({ monitor: 'val_f1' }) }).then(
    () => assert.unreachable('should reject'),
    (e) =>
      assert.ok(e instanceof ValueError && /'val_f1' is not logged; logged: loss, accuracy/.test(e.message), e.message),
  );
  assert.throws(
    () => earlyStopping({ patience: -1 }),
    (e: Error) => e instanceof ValueError,
  );
});

test('reduceLROnPlateau multiplies the rate by factor after patience, respects cooldown and minLr', async () => {
  const m = model(0.1);
  const seen: number[] = [];
  const probe: Callback = { onEpochEnd: () => void seen.push(m.optimizer!.learningRate as number) };
  await m.fit(x, y, {
    epochs: 7,
    callbacks: [
      scripted([1, 1, 1, 1, 1, 1, 1]),
      reduceLROnPlateau({ patience: 2, factor: 0.5, minLr: 0.02, cooldown: 1 }),
      probe,
    ],
  });
  // Keras: the epoch that ends a cooldown already counts towards patience
  assert.equal(
    seen.map((v) => +v.toFixed(6)),
    [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02],
  );
  await model(new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.9 }))
    .fit(x, y, { callbacks: reduceLROnPlateau() })
    .then(
      () => assert.unreachable('should reject'),
      (e) => assert.ok(e instanceof ValueError && /schedule/.test(e.message)),
    );
  assert.throws(
    () => reduceLROnPlateau({ factor: 1 }),
    (e: Error) => e instanceof ValueError,
  );
});

test.run();
