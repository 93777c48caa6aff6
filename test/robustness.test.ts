// What hostile use of fit found (issue 11): divergence that would leave NaN weights, worker
// timeouts mid-step, options that were not checked, dispose during and after fit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  Dense,
  Adam,
  SGD,
  tensor,
  DivergenceError,
  ValueError,
  StateError,
  WorkerError,
  type Tensor,
} from '../src/index.js';
import { randoms, bits } from './helpers.js';

const finite = (ws: Tensor[]) => ws.every((w) => w.data.every(Number.isFinite));

test('Adam at learning rate 1e6: a DivergenceError; weights finite, those of the last completed step', async () => {
  for (const [workers, batchSize] of [
    [1, 32],
    [2, 96],
  ]) {
    const m = new Sequential({
      seed: 1,
      layers: [new Dense({ units: 16, inputShape: [8], activation: 'relu' }), new Dense({ units: 4 })],
    });
    m.compile({ optimizer: new Adam({ learningRate: 1e6 }), loss: 'meanSquaredError' });
    const wave = (n: number, phase: number) =>
      Float32Array.from({ length: n }, (_, i) => 2 * Math.sin(i * 12.9898 + phase));
    const x = tensor(wave(256 * 8, 1), [256, 8]);
    const y = tensor(wave(256 * 4, 2), [256, 4]);
    let last = m.getWeights();
    const e = await m
      .fit(x, y, { epochs: 50, batchSize, workers, callbacks: { onBatchEnd: () => void (last = m.getWeights()) } })
      .then(
        () => undefined,
        (err: Error) => err,
      );
    assert.ok(e instanceof DivergenceError, `workers ${workers}: ${e}`);
    if (workers > 1) assert.ok(m.pool, 'threads were used');
    assert.ok(finite(m.getWeights()), `workers ${workers}: the weights are finite`);
    assert.equal(bits(m.getWeights()), bits(last), `workers ${workers}: the weights of the last completed step`);
    await m.dispose();
  }
});

test('a worker timeout mid-step leaves the weights of the last completed step (1.3M parameters)', async () => {
  const x = tensor(randoms(256 * 640, 3), [256, 640]);
  const y = tensor(
    Array.from({ length: 256 }, (_, i) => i % 10),
    [256],
  );
  let failures = 0;
  for (const stepTimeout of [1, 2, 3, 1, 2, 3]) {
    const m = new Sequential({
      seed: 2,
      layers: [new Dense({ units: 2000, inputShape: [640] }), new Dense({ units: 10, activation: 'softmax' })],
    });
    m.compile({ optimizer: new SGD({ learningRate: 0.01, momentum: 0.9 }), loss: 'sparseCategoricalCrossentropy' });
    let last = bits(m.getWeights());
    const e = await m
      .fit(x, y, {
        epochs: 2,
        batchSize: 128,
        workers: 2,
        stepTimeout,
        callbacks: { onBatchEnd: () => void (last = bits(m.getWeights())) },
      })
      .then(
        () => undefined,
        (err: Error) => err,
      );
    if (e) {
      failures++;
      assert.ok(e instanceof WorkerError, String(e));
      assert.ok(
        bits(m.getWeights()).every((v, i) => v === last[i]),
        `timeout ${stepTimeout} ms: weights of the last completed step`,
      );
    }
    await m.dispose();
  }
  assert.ok(failures > 0, 'some timeouts fired');
});

test('fit options are checked like the others: stepTimeout, workerHeapMb', async () => {
  const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const x = tensor(randoms(6, 1), [2, 3]);
  const y = tensor(randoms(4, 2), [2, 2]);
  const bad: [string, unknown][] = [
    ['stepTimeout', 0],
    ['stepTimeout', -1],
    ['stepTimeout', Number.NaN],
    ['stepTimeout', 'soon'],
    ['workerHeapMb', -5],
    ['workerHeapMb', 'lots'],
    ['workerHeapMb', 1.5],
  ];
  for (const [name, value] of bad) {
    const e = await m.fit(x, y, { [name]: value }).then(
      () => undefined,
      (err: Error) => err,
    );
    assert.ok(
      e instanceof ValueError && e.message.includes(`fit: ${name} must be a positive`),
      `${name}: ${value}: ${e}`,
    );
  }
  assert.is(m.optimizer!.iterations, 0, 'no step was taken');
});

test('dispose() during fit rejects with a StateError; fitting a disposed model says it was disposed', async () => {
  const m = new Sequential({ seed: 3, layers: [new Dense({ units: 64, inputShape: [32] }), new Dense({ units: 4 })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const x = tensor(randoms(512 * 32, 1), [512, 32]);
  const y = tensor(randoms(512 * 4, 2), [512, 4]);
  const running = m.fit(x, y, { epochs: 1_000_000, batchSize: 128, workers: 2 }).then(
    () => undefined,
    (err: Error) => err,
  );
  await new Promise((r) => setTimeout(r, 200));
  await m.dispose();
  const e = await running;
  assert.ok(e instanceof StateError && /disposed during epoch \d+, batch \d+/.test(e.message), String(e));
  const again = await m.fit(x, y).then(
    () => undefined,
    (err: Error) => err,
  );
  assert.ok(again instanceof StateError && /was disposed; make or load a new model/.test(again.message), String(again));
});

test('workerHeapMb too small to start a thread: the fit falls back, saying why, with the same weights', async () => {
  const warnings: string[] = [];
  const listen = (w: Error) => warnings.push(w.message);
  process.on('warning', listen);
  const make = () => {
    const m = new Sequential({ seed: 5, layers: [new Dense({ units: 8, inputShape: [8] }), new Dense({ units: 2 })] });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    return m;
  };
  const x = tensor(randoms(256 * 8, 4), [256, 8]);
  const y = tensor(randoms(256 * 2, 5), [256, 2]);
  const a = make();
  const b = make();
  try {
    await a.fit(x, y, { batchSize: 128, workers: 2, workerHeapMb: 1 });
    await b.fit(x, y, { batchSize: 128 });
    await new Promise((r) => setImmediate(r));
    assert.ok(
      warnings.some((w) => /a worker ran out of memory starting \(workerHeapMb: 1\)/.test(w)),
      warnings.join('; '),
    );
    assert.equal(bits(a.getWeights()), bits(b.getWeights()));
  } finally {
    process.off('warning', listen);
  }
});

test.run();
