// Data-parallel training: bit-identical results for any number of threads, faults,
// abort, dispose and the single-thread fallback.
import { test } from 'uvu';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
import * as assert from 'uvu/assert';
import {
  Sequential,
  Dense,
  Dropout,
  LSTM,
  GRU,
  SimpleRNN,
  SGD,
  Adam,
  l2,
  tensor,
  WorkerError,
  AbortedError,
  StateError,
} from '../../src/index.js';
import { randoms, bits } from '../helpers.js';

const N = 600;
const X = tensor(randoms(N * 20, 1), [N, 20]);
const Y = tensor(
  Array.from({ length: N }, (_, i) => i % 4),
  [N],
);

function model(seed = 5, optimizer: SGD | Adam = new SGD({ learningRate: 0.05, momentum: 0.9 })) {
  const m = new Sequential({ seed });
  m.add(new Dense({ units: 48, activation: 'relu', inputShape: [20], kernelRegularizer: l2({ l2: 1e-4 }) }));
  m.add(new Dropout({ rate: 0.2 }));
  m.add(new Dense({ units: 4, activation: 'softmax' }));
  m.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

test(
  'weights after training are bit-identical for 1, 2, 3 and 4 workers (dropout, momentum, L2, ' + 'shuffling)',
  async () => {
    const runs: number[][] = [];
    const losses: number[][] = [];
    for (const workers of [1, 2, 3, 4]) {
      const m = model();
      const h = await m.fit(X, Y, { epochs: 3, batchSize: 200, workers });
      runs.push(bits(m.getWeights()));
      losses.push(h.history.loss);
    }
    for (let i = 1; i < runs.length; i++)
      assert.ok(
        runs[i].every((v, j) => v === runs[0][j]),
        `${i + 1} workers differ from 1`,
      );
    const adam = async (workers: number) => {
      const m = model(9, new Adam());
      await m.fit(X, Y, { epochs: 2, batchSize: 128, workers });
      return bits(m.getWeights());
    };
    assert.equal(await adam(2), await adam(1));
  },
);

test('recurrent models (LSTM, GRU, SimpleRNN) train bit-identically on 1, 2 and 3 workers', async () => {
  // 32-row chunks: a batch of 96 is three, in rounds whose steps each reuse a kernel packed once a pass.
  const seqs = tensor(randoms(240 * 6 * 3, 3), [240, 6, 3]);
  const labels = tensor(
    Array.from({ length: 240 }, (_, i) => i % 4),
    [240],
  );
  for (const Cell of [LSTM, GRU, SimpleRNN]) {
    const run = async (workers: number) => {
      const m = new Sequential({ seed: 3 });
      m.add(new Cell({ units: 12, inputShape: [6, 3] }));
      m.add(new Dense({ units: 4, activation: 'softmax' }));
      m.compile({ optimizer: new Adam(), loss: 'sparseCategoricalCrossentropy' });
      await m.fit(seqs, labels, { epochs: 2, batchSize: 96, workers });
      const w = bits(m.getWeights());
      await m.dispose();
      return w;
    };
    const one = await run(1);
    assert.equal(await run(2), one, `${Cell.className}: 2 workers differ from 1`);
    assert.equal(await run(3), one, `${Cell.className}: 3 workers differ from 1`);
  }
});

test('a second fit on the same model reuses its threads and stays bit-identical to one thread', async () => {
  const a = model(),
    b = model();
  await a.fit(X, Y, { epochs: 1, batchSize: 200, workers: 2 });
  const pool = a.pool;
  assert.ok(pool);
  await a.fit(X, Y, { epochs: 2, initialEpoch: 1, batchSize: 200, workers: 2 });
  assert.ok(a.pool === pool, 'the same threads');
  await b.fit(X, Y, { epochs: 2, batchSize: 200 });
  assert.equal(bits(a.getWeights()), bits(b.getWeights()));
  await a.dispose();
  assert.is(a.pool, undefined);
});

test('a batch too small to split runs on the main thread with the same numbers', async () => {
  const a = model(),
    b = model();
  await a.fit(X, Y, { epochs: 1, batchSize: 32, workers: 2 });
  await b.fit(X, Y, { epochs: 1, batchSize: 32 });
  assert.equal(bits(a.getWeights()), bits(b.getWeights()));
});

async function faulty(kind: 'throw' | 'trap' | 'exit' | 'oom' | 'hang') {
  const m = model();
  let last = m.getWeights();
  const err = await m
    .fit(X, Y, {
      epochs: 2,
      batchSize: 128,
      workers: 2,
      stepTimeout: 1500,
      workerHeapMb: 48,
      faultInjection: { kind, step: 3, chunk: 1 },
      callbacks: { onBatchEnd: () => void (last = m.getWeights()) },
    })
    .then(
      () => undefined,
      (e) => e,
    );
  return { m, err, last };
}

for (const kind of ['throw', 'trap', 'exit', 'oom', 'hang'] as const) {
  test(
    `a worker that ${kind}s makes fit reject with a WorkerError naming the batch; weights of the last ` +
      `completed step; the next fit works`,
    async () => {
      const { m, err, last } = await faulty(kind);
      assert.instance(err, WorkerError);
      assert.match(err.message, /epoch 0, batch 3/);
      assert.is(err.batch, 3);
      assert.equal(bits(m.getWeights()), bits(last));
      assert.is(m.optimizer!.iterations, 3);
      const h = await m.fit(X, Y, { epochs: 1, batchSize: 128, workers: 2 });
      assert.ok(Number.isFinite(h.history.loss[0]));
    },
  );
}

test('an AbortSignal stops fit within one minibatch with consistent weights; the model stays usable', async () => {
  const m = model();
  const ac = new AbortController();
  let last = m.getWeights();
  let batches = 0;
  const err = await m
    .fit(X, Y, {
      epochs: 5,
      batchSize: 100,
      workers: 2,
      signal: ac.signal,
      callbacks: {
        onBatchEnd: () => {
          last = m.getWeights();
          if (++batches === 2) ac.abort();
        },
      },
    })
    .then(
      () => undefined,
      (e) => e,
    );
  assert.instance(err, AbortedError);
  assert.is(batches, 2);
  assert.equal(bits(m.getWeights()), bits(last));
  await m.fit(X, Y, { epochs: 1, batchSize: 100, workers: 2 });
});

test('dispose during fit rejects it and stops the workers', async () => {
  const m = model();
  let batches = 0;
  const run = m.fit(X, Y, {
    epochs: 50,
    batchSize: 100,
    workers: 2,
    callbacks: {
      onBatchEnd: async () => {
        if (++batches === 3) await m.dispose();
      },
    },
  });
  const err = await run.then(
    () => undefined,
    (e) => e,
  );
  assert.ok(err instanceof StateError || err instanceof WorkerError, String(err));
  assert.match(err.message, /disposed|stopped/);
});

test('without workers (SIMDNET_NO_WORKERS=1) training says so once and gives the same numbers', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  process.env.SIMDNET_NO_WORKERS = '1';
  try {
    const a = model();
    await a.fit(X, Y, { epochs: 1, batchSize: 200, workers: 3 });
    await model().fit(X, Y, { epochs: 1, batchSize: 200, workers: 2 });
    const b = model();
    delete process.env.SIMDNET_NO_WORKERS;
    await b.fit(X, Y, { epochs: 1, batchSize: 200, workers: 3 });
    assert.equal(bits(a.getWeights()), bits(b.getWeights()));
    await new Promise((r) => setImmediate(r));
    assert.equal(warnings.filter((w) => w.includes('main thread only')).length, 1, warnings.join('\n'));
  } finally {
    delete process.env.SIMDNET_NO_WORKERS;
    process.off('warning', onWarning);
  }
});

test('workers option: bad values are errors; a model-level default is used', async () => {
  for (const workers of [0, -1, 1.5, 'many']) {
    await model()
      .fit(X, Y, { workers: workers as never })
      .then(
        () => assert.unreachable(`workers ${workers} accepted`),
        (e) => assert.match(e.message, /workers must be a positive integer or 'auto'/),
      );
  }
  const m = model();
  m.workers = 'auto';
  await m.fit(X, Y, { epochs: 1, batchSize: 128 });
});

test('models fit on threads and dropped without dispose() add no OS threads (threads are shared)', () => {
  const code = `
    import { readFileSync } from 'node:fs';
    import { Sequential, Dense, tensor } from './dist/index.js';
    const threads = () => Number(/Threads:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
    const x = tensor(Float32Array.from({ length: 256 * 8 }, (_, i) => Math.sin(i)), [256, 8]);
    const y = tensor(Int32Array.from({ length: 256 }, (_, i) => i % 3), [256]);
    const fitOne = async () => {
      const layers = [new Dense({ units: 8, inputShape: [8] }), new Dense({ units: 3, activation: 'softmax' })];
      const m = new Sequential({ layers });
      m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
      await m.fit(x, y, { batchSize: 128, workers: 2 });
    };
    await fitOne();
    const before = threads();
    for (let i = 0; i < 20; i++) await fitOne();
    globalThis.gc();
    console.log(JSON.stringify({ before, after: threads() }));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.is(r.status, 0, r.stderr);
  const { before, after } = JSON.parse(r.stdout);
  assert.ok(after <= before + 1, `threads ${before} → ${after}`);
});

test.run();
