import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  LSTM,
  GRU,
  SimpleRNN,
  Dense,
  SGD,
  tensor,
  ValueError,
  ShapeError,
  UnknownNameError,
  type Tensor,
} from '../../src/index.js';
import { randoms, assertClose } from '../helpers.js';
import { recurrent_forward, type RecurrentSpec } from '../ref/recurrent.js';

const CLASSES = { lstm: LSTM, gru: GRU, rnn: SimpleRNN, gru0: GRU } as const;
type Kind = keyof typeof CLASSES;
/** The twin's spec of a kind: gru0 is the GRU with resetAfter false. */
const specOf = (kind: Kind, rest: Omit<RecurrentSpec, 'cell' | 'resetAfter'>): RecurrentSpec => ({
  ...rest,
  cell: kind === 'gru0' ? 'gru' : kind,
  resetAfter: kind !== 'gru0',
});

function model(s: RecurrentSpec, T: number, D: number, seed = 1): Sequential {
  const layer = new CLASSES[s.cell]({
    ...(s.cell === 'gru' ? { resetAfter: s.resetAfter !== false } : {}),
    units: s.units,
    returnSequences: s.returnSequences,
    goBackwards: s.goBackwards,
    biasInitializer: 'randomNormal', // nonzero biases, so a misplaced bias row shows
    kernelInitializer: { className: 'randomUniform', config: { minval: -0.6, maxval: 0.6 } },
    inputShape: [T, D],
  });
  const m = new Sequential({ seed, layers: [layer] });
  m.compile({ optimizer: new SGD(), loss: 'meanSquaredError' });
  return m;
}

const f64 = (w: Tensor[]) => w.map((t) => Float64Array.from(t.data));

test('LSTM, GRU, SimpleRNN predict their float64 twins: steps 1, 2, 7, 65 × units 1, 5, 33 × batch 1, 65', () => {
  const D = 3;
  for (const cell of ['lstm', 'gru', 'rnn', 'gru0'] as Kind[])
    for (const T of [1, 2, 7, 65])
      for (const units of [1, 5, 33])
        for (const B of [1, 65]) {
          const s = specOf(cell, { units, returnSequences: (T + units) % 2 === 0, goBackwards: B === 65 && T > 1 });
          const m = model(s, T, D, T * 100 + units);
          const x = randoms(B * T * D, T + units + B);
          const y = m.predict(tensor(x, [B, T, D]));
          assert.equal(y.shape, s.returnSequences ? [B, T, units] : [B, units]);
          const ref = recurrent_forward(s, f64(m.getWeights()), x, B, T, D);
          // f32 through up to 65 steps of contracting cells: errors stay near the float's resolution
          assertClose(y.data, ref, (r) => 2e-5 + 2e-5 * Math.abs(r), `${cell} T=${T} U=${units} B=${B}`);
        }
});

/** The twin's MSE loss for weights w and input x. */
function twinLoss(
  s: RecurrentSpec,
  w: Float64Array[],
  x: ArrayLike<number>,
  t: Float32Array,
  B: number,
  T: number,
  D: number,
) {
  const y = recurrent_forward(s, w, x, B, T, D);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (y[i] - t[i]) ** 2;
  return sum / y.length;
}

test('gradients through time match central differences of the float64 twin: weights and input, every option', () => {
  const D = 4;
  for (const cell of ['lstm', 'gru', 'rnn', 'gru0'] as Kind[])
    for (const [T, units, B] of [
      [1, 3, 2],
      [2, 1, 1],
      [7, 5, 3],
      [65, 2, 2],
    ])
      for (const returnSequences of [false, true])
        for (const goBackwards of [false, true]) {
          const s = specOf(cell, { units, returnSequences, goBackwards });
          const label = `${cell} T=${T} U=${units} B=${B} seq=${returnSequences} back=${goBackwards}`;
          const m = model(s, T, D, T + units);
          const x = randoms(B * T * D, 11 + T);
          const outSize = B * (returnSequences ? T : 1) * units;
          const target = randoms(outSize, 5 + units);
          const ys = tensor(target, returnSequences ? [B, T, units] : [B, units]);
          const r = m.computeGradients(tensor(x, [B, T, D]), ys, { inputGradient: true });
          const w = f64(m.getWeights());
          const eps = 1e-6;
          const check = (an: number, fd: number, what: string) =>
            assert.ok(
              Math.abs(an - fd) <= 1e-5 + 1e-3 * Math.abs(fd),
              `${label} ${what}: analytic ${an}, twin FD ${fd}`,
            );
          w.forEach((wi, i) => {
            const v = randoms(wi.length, 100 + i);
            const shifted = (sign: number) =>
              twinLoss(
                s,
                w.map((wj, j) => (j === i ? wj.map((a, q) => a + sign * eps * v[q]) : wj)),
                x,
                target,
                B,
                T,
                D,
              );
            const fd = (shifted(1) - shifted(-1)) / (2 * eps);
            check(
              r.grads[i].data.reduce((a, g, q) => a + g * v[q], 0),
              fd,
              `weight ${i}`,
            );
          });
          const v = randoms(x.length, 77);
          const shiftedX = (sign: number) =>
            twinLoss(
              s,
              w,
              Float64Array.from(x, (a, q) => a + sign * eps * v[q]),
              target,
              B,
              T,
              D,
            );
          const fd = (shiftedX(1) - shiftedX(-1)) / (2 * eps);
          check(
            r.inputGradient!.data.reduce((a, g, q) => a + g * v[q], 0),
            fd,
            'input',
          );
        }
});

test("Keras's layouts: LSTM [in, 4u], [u, 4u], [4u], forget bias 1; GRU bias [2, 3u]; SimpleRNN [in, u]", () => {
  const lstm = new Sequential({ layers: [new LSTM({ units: 3, inputShape: [5, 2] })] });
  const [k, r, b] = lstm.getWeights();
  assert.equal([k.shape, r.shape, b.shape], [[2, 12], [3, 12], [12]]);
  assert.equal(Array.from(b.data), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  const noForget = new Sequential({ layers: [new LSTM({ units: 2, unitForgetBias: false, inputShape: [5, 2] })] });
  assert.equal(Array.from(noForget.getWeights()[2].data), new Array(8).fill(0));
  // orthogonal recurrent kernel: rows of [u, 4u] orthonormal
  const rows = [0, 1, 2].map((i) => r.data.subarray(i * 12, i * 12 + 12));
  const dot = (a: Float32Array, c: Float32Array) => a.reduce((s, v, i) => s + v * c[i], 0);
  assert.ok(Math.abs(dot(rows[0], rows[0]) - 1) < 1e-5 && Math.abs(dot(rows[0], rows[1])) < 1e-5);
  const gru = new Sequential({ layers: [new GRU({ units: 4, inputShape: [5, 2] })] });
  assert.equal(
    gru.getWeights().map((w) => w.shape),
    [
      [2, 12],
      [4, 12],
      [2, 12],
    ],
  );
  const rnn = new Sequential({ layers: [new SimpleRNN({ units: 4, useBias: false, inputShape: [5, 2] })] });
  assert.equal(
    rnn.getWeights().map((w) => w.shape),
    [
      [2, 4],
      [4, 4],
    ],
  );
});

test('recurrent layers: bad arguments are ValueErrors naming the argument; a 1-D input is a ShapeError', () => {
  const bad: [() => unknown, RegExp][] = [
    [() => new LSTM({ units: 0 }), /units: expected a positive integer, received 0/],
    [
      () => new LSTM({ units: 2, activation: 'relu' }),
      /activation "relu" is not supported: the fused cell computes tanh/,
    ],
    [() => new GRU({ units: 2, recurrentActivation: 'hard_tanh' }), /recurrentActivation "hard_tanh"/],
    [() => new LSTM({ units: 2, returnState: true }), /returnState true: a Sequential model has one output/],
    [() => new LSTM({ units: 2, dropout: 0.5 }), /dropout 0.5/],
    [() => new GRU({ units: 2, resetAfter: 0 as never }), /resetAfter must be a boolean, received 0/],
    [() => new SimpleRNN({ units: 2, returnSequences: 'yes' as never }), /returnSequences: expected a boolean/],
    [() => new LSTM({ units: 2, unitForgetBias: 1 as never }), /unitForgetBias must be a boolean/],
  ];
  for (const [f, message] of bad) assert.throws(f, (e: Error) => e instanceof ValueError && message.test(e.message));
  assert.throws(
    () => new LSTM({ units: 2, activation: 'nope' }),
    (e: Error) => e instanceof UnknownNameError && /LSTM\(.*\): activation: unknown activation "nope"/.test(e.message),
  );
  assert.throws(
    () => new Sequential({ layers: [new Dense({ units: 3, inputShape: [4] }), new LSTM({ units: 2 })] }),
    (e: Error) =>
      e instanceof ShapeError &&
      /LSTM\(.*\): expects sequences \[steps, features\], received samples of shape \[3\]/.test(e.message),
  );
});

test('a stacked LSTM learns a long-range dependency: the first of 20 steps decides the label', async () => {
  const T = 20;
  const n = 256;
  const x = randoms(n * T, 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i * T] = i % 2 ? 1 : -1;
    y[i] = i % 2;
  }
  const m = new Sequential({
    seed: 2,
    layers: [
      new LSTM({ units: 8, returnSequences: true, inputShape: [T, 1] }),
      new LSTM({ units: 8 }),
      new Dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const h = await m.fit(tensor(x, [n, T, 1]), tensor(y, [n, 1]), { epochs: 25, batchSize: 32, verbose: 0 });
  assert.ok(h.history.accuracy!.at(-1)! > 0.95, `accuracy ${h.history.accuracy!.at(-1)}`);
});

test.run();
