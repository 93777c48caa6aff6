// The sequence models side by side in one run (`npm run bench -- --only text`):
// 1. speed — the LSTM language model of the bench configuration (Embedding 64 → LSTM 256 →
//    Dense(vocab) at every step, 64 steps, batch 64, Adam) and the gated convolutional one of
//    similar size, trained on random ids: tokens/s on 1 and 2 threads (alternating fits,
//    medians), PyTorch on one thread and its best two-core setting, the ratios, and the
//    LSTM's GFLOP/s against the tile peak of this run;
// 2. quality for the same wall-clock budget — both language models on the SpamAssassin ham
//    bodies, and the three spam classifiers, each trained on 2 threads until the budget is
//    spent: tokens/s, held-out bits per character, test accuracy.
import { Adam, tensor, type Sequential } from '../dist/index.js';
import { languageModel, spamModel, SPAM_MODELS } from '../dist/text-models.js';
import { CharVocab, nextTokenWindows } from '../dist/text.js';
import { loadSpamAssassin, subjectAndBody } from '../dist/io/spam.js';
import { spamData } from '../dist/cli-text.js';
import { permutation, SPLIT_STREAM } from '../dist/random.js';
import { torchRun, torchRuns } from './peers/torch.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from './machine.js';

const VOCAB = 90;
const STEPS = 64;
const BATCH = 64;
const SPEED = 'train LM, 64 steps, batch 64';
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Training FLOPs per token of the LSTM LM: forward x·W, h·R, the output layer; backward twice that. */
export const LSTM_FLOP_PER_TOKEN = 3 * 2 * (64 * 1024 + 256 * 1024 + 256 * VOCAB);

function lm(kind: 'lstm' | 'gcnn', vocab = VOCAB): Sequential {
  const m = languageModel(kind, vocab, STEPS, 0);
  m.compile({ optimizer: new Adam({ learningRate: 2e-3 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

async function speedRows(kind: 'lstm' | 'gcnn', batches: number): Promise<Row[]> {
  const n = batches * BATCH;
  // Independent inputs and targets, as the PyTorch script draws them. Targets equal to the
  // inputs are learnt at once by a causal convolution; the saturated softmax then fills the
  // backward pass with subnormal floats, which x86 computes several times slower (4.0k tokens/s).
  const ids = (a: number) =>
    tensor(
      Float32Array.from({ length: n * STEPS }, (_, i) => ((i * a) >>> 3) % VOCAB),
      [n, STEPS],
    );
  const [x, y] = [ids(7919), ids(104729)];
  const models = [lm(kind), lm(kind)];
  const rates: [number[], number[]] = [[], []];
  for (let round = 0; round < 6; round++)
    for (const i of [0, 1]) {
      const started = performance.now();
      await models[i].fit(x, y, { epochs: 1, batchSize: BATCH, workers: i + 1, verbose: 0 });
      if (round > 0) rates[i].push((n * STEPS) / ((performance.now() - started) / 1000));
    }
  await models[1].dispose();
  const note = `${models[0].countParams().toLocaleString('en-US')} parameters; median of 5 alternating fits`;
  const [r1, r2] = rates.map(median);
  return [
    { bench: `${SPEED}: ${kind}`, lib: 'simdnet, 1 thread', value: r1, unit: 'tokens/s', note },
    { bench: `${SPEED}: ${kind}`, lib: 'simdnet, 2 threads', value: r2, unit: 'tokens/s', note },
    { bench: `${kind} LM: speed-up of 2 threads over 1`, lib: 'simdnet', value: r2 / r1, unit: '×' },
  ];
}

/** PyTorch's best two-core thread settings per model, from the speed runs (used by the budget runs). */
const torchTwoCores = new Map<string, Record<string, string>>();

function torchRows(kind: 'lstm' | 'gcnn'): Row[] {
  const runs = torchRuns('torch_lstm.py', (omp) => [kind, String(omp)], 'tokens_per_s');
  if (!runs) return [];
  torchTwoCores.set(kind, runs.env);
  const lib = `PyTorch ${runs.one.torch} CPU`;
  const note = `${Number(runs.one.params).toLocaleString('en-US')} parameters`;
  return [
    {
      bench: `${SPEED}: ${kind}`,
      lib: `${lib}, 1 thread`,
      value: Number(runs.one.tokens_per_s),
      unit: 'tokens/s',
      note,
    },
    {
      bench: `${SPEED}: ${kind}`,
      lib: `${lib}, 2 threads`,
      value: Number(runs.two.tokens_per_s),
      unit: 'tokens/s',
      note: runs.how,
    },
  ];
}

/** Trains on 2 threads until `seconds` have passed (checked after every step); tokens/s of the run. */
async function forBudget(
  m: Sequential,
  x: Float32Array,
  y: Float32Array,
  shape: number[],
  yShape: number[],
  seconds: number,
) {
  const started = performance.now();
  let steps = 0;
  const stop = {
    setModel(model: { stopTraining: boolean }) {
      this.model = model;
    },
    model: undefined as { stopTraining: boolean } | undefined,
    onBatchEnd() {
      steps++;
      if (performance.now() - started > seconds * 1000) this.model!.stopTraining = true;
    },
  };
  await m.fit(tensor(x, shape), tensor(y, yShape), {
    epochs: 1000,
    batchSize: BATCH,
    workers: 2,
    verbose: 0,
    callbacks: [stop],
  });
  const elapsed = (performance.now() - started) / 1000;
  return { tokensPerSecond: (steps * BATCH * shape[1]) / elapsed, steps, elapsed };
}

async function lmBudgetRows(seconds: number): Promise<Row[]> {
  const ham = loadSpamAssassin()
    .filter((m) => !m.spam)
    .map((m) => subjectAndBody(m.text).body);
  const order = permutation(ham.length, 0, SPLIT_STREAM);
  const cut = Math.round(ham.length * 0.9);
  const trainText = [...order.subarray(0, cut)].map((i) => ham[i]).join('\n');
  const testText = [...order.subarray(cut)].map((i) => ham[i]).join('\n');
  const vocab = CharVocab.fromText(trainText, 10);
  const train = nextTokenWindows(vocab.encode(trainText), STEPS);
  const test = nextTokenWindows(vocab.encode(testText), STEPS);
  const testRows = 1000;
  const rows: Row[] = [];
  // The same windows for PyTorch: rows of STEPS + 1 ids (input and next-character target), the
  // training ones then the 1,000 held-out ones.
  const file = join(mkdtempSync(join(tmpdir(), 'simdnet-lm-')), 'windows.i32');
  const windows = (w: { x: Float32Array; y: Float32Array }, n: number): number[] =>
    Array.from({ length: n }, (_, r) => [...w.x.subarray(r * STEPS, (r + 1) * STEPS), w.y[(r + 1) * STEPS - 1]]).flat();
  // only when PyTorch runs (its best two-core settings came from the speed runs)
  if (torchTwoCores.size)
    writeFileSync(file, new Int32Array([...windows(train, train.rows), ...windows(test, testRows)]));
  for (const kind of ['lstm', 'gcnn'] as const) {
    const m = lm(kind, vocab.size);
    const r = await forBudget(m, train.x, train.y, [train.rows, STEPS], [train.rows, STEPS], seconds);
    const held = m.evaluate(
      tensor(test.x.subarray(0, testRows * STEPS), [testRows, STEPS]),
      tensor(test.y.subarray(0, testRows * STEPS), [testRows, STEPS]),
      { batchSize: 256 },
    );
    await m.dispose();
    const bench = `LM on the ham bodies, ${seconds} s on 2 threads`;
    const tokens = ((r.steps * BATCH * STEPS) / 1e6).toFixed(2);
    const note = `${m.countParams().toLocaleString('en-US')} parameters, ${r.steps} steps (${tokens} M tokens)`;
    rows.push(
      { bench: `${bench}: ${kind}`, lib: 'simdnet', value: r.tokensPerSecond, unit: 'tokens/s', note },
      {
        bench: `${bench}: ${kind}, held-out`,
        lib: 'simdnet',
        value: held.loss / Math.LN2,
        unit: 'bits/char',
        note: `${testRows} windows`,
      },
    );
    const env = torchTwoCores.get(kind);
    if (!env) continue;
    const args = [
      kind,
      env.OMP_NUM_THREADS,
      '--data',
      file,
      '--vocab',
      String(vocab.size),
      '--budget',
      String(seconds),
    ];
    const t = torchRun('torch_lstm.py', [...args, '--lr', '2e-3'], env);
    if (!t) continue;
    const lib = `PyTorch ${t.torch} CPU, best 2-core setting`;
    const m2 = (Number(t.tokens) / 1e6).toFixed(2);
    const tnote = `${Number(t.params).toLocaleString('en-US')} parameters, ${m2} M tokens; PyTorch's initialization`;
    rows.push(
      { bench: `${bench}: ${kind}`, lib, value: Number(t.tokens_per_s), unit: 'tokens/s', note: tnote },
      { bench: `${bench}: ${kind}, held-out`, lib, value: Number(t.bits_per_char), unit: 'bits/char' },
    );
  }
  return rows;
}

async function spamBudgetRows(seconds: number): Promise<Row[]> {
  const mails = loadSpamAssassin();
  const order = permutation(mails.length, 0, SPLIT_STREAM);
  const cut = Math.round(mails.length * 0.8);
  const steps = 1024;
  const tr = spamData(
    [...order.subarray(0, cut)].map((i) => mails[i]),
    steps,
  );
  const te = spamData(
    [...order.subarray(cut)].map((i) => mails[i]),
    steps,
  );
  const rows: Row[] = [];
  for (const kind of SPAM_MODELS) {
    const m = spamModel(kind, steps, 0);
    m.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const r = await forBudget(m, tr.x, tr.y, [cut, steps], [cut, 1], seconds);
    const s = m.evaluate(tensor(te.x, [mails.length - cut, steps]), tensor(te.y, [mails.length - cut, 1]), {
      batchSize: 256,
    });
    await m.dispose();
    const bench = `spam classifier, first ${steps} bytes, ${seconds} s on 2 threads: ${kind}`;
    const epochs = ((r.steps * BATCH) / cut).toFixed(1);
    const note = `${m.countParams().toLocaleString('en-US')} parameters, ${epochs} epochs`;
    rows.push(
      { bench, lib: 'simdnet', value: 100 * s.accuracy!, unit: '% test accuracy', note },
      { bench: `${bench}, speed`, lib: 'simdnet', value: r.tokensPerSecond, unit: 'tokens/s' },
    );
  }
  return rows;
}

/** `--only text-budget`: the language models' equal-budget comparison alone, PyTorch included. */
export async function textBudgetBench(seconds = 120): Promise<Row[]> {
  torchRows('lstm');
  torchRows('gcnn');
  return lmBudgetRows(seconds);
}

export async function textBench(peers: boolean, peak: number): Promise<Row[]> {
  return [...(await textSpeedBench(peers, peak)), ...(await lmBudgetRows(120)), ...(await spamBudgetRows(150))];
}

/** Part 1 alone (also in `--only speed`): tokens/s on 1 and 2 threads, PyTorch's, the LSTM's GFLOP/s. */
export async function textSpeedBench(peers: boolean, peak: number): Promise<Row[]> {
  const rows = [...(await speedRows('lstm', 20)), ...(await speedRows('gcnn', 20))];
  if (peers) rows.push(...torchRows('lstm'), ...torchRows('gcnn'));
  const value = (bench: string, lib: RegExp) => rows.find((r) => r.bench === bench && lib.test(r.lib))?.value;
  for (const kind of ['lstm', 'gcnn']) {
    const bench = `${SPEED}: ${kind}`;
    for (const t of [1, 2]) {
      const ours = value(bench, new RegExp(`^simdnet, ${t} thread`));
      const theirs = value(bench, new RegExp(`PyTorch.*${t} thread`));
      if (ours && theirs)
        rows.push({
          bench: `${kind} LM: simdnet ${t} / PyTorch ${t === 1 ? '1 thread' : 'best 2 threads'}`,
          lib: 'ratio',
          value: ours / theirs,
          unit: '×',
        });
    }
  }
  const lstm1 = value(`${SPEED}: lstm`, /^simdnet, 1 thread/)!;
  rows.push({
    bench: 'LSTM LM training, 1 thread',
    lib: 'simdnet',
    value: (lstm1 * LSTM_FLOP_PER_TOKEN) / 1e9,
    unit: 'GFLOP/s',
  });
  if (peak)
    rows.push({
      bench: 'LSTM LM training, 1 thread: share of the best tile peak',
      lib: 'simdnet',
      value: (100 * lstm1 * LSTM_FLOP_PER_TOKEN) / 1e9 / peak,
      unit: '%',
    });
  return rows;
}
