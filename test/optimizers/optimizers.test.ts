// Optimizers against numbers computed here from the published Keras update rules
// (keras/src/optimizers/*.py) and the examples in the Keras / TensorFlow docs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Arena } from '../../src/memory.js';
import {
  SGD,
  Adam,
  RMSprop,
  Adagrad,
  ExponentialDecay,
  StepDecay,
  PiecewiseConstantDecay,
  type Optimizer,
  ValueError,
} from '../../src/index.js';

/** Runs `steps` updates of f(w) = Σ w²/2 (gradient = w) and returns w after each. */
function run(opt: Optimizer, w0: number[], steps: number, l1 = 0, l2 = 0): number[][] {
  const arena = new Arena();
  const n = w0.length;
  const block = {
    size: n,
    params: arena.alloc(n, 'w'),
    grads: arena.alloc(n, 'g'),
    slots: arena.alloc(n * Math.max(1, opt.slots), 's'),
  };
  arena.write(block.params, w0);
  opt.initSlots(arena.k, block);
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    arena.write(block.grads, arena.read(block.params, n));
    opt.apply(arena.k, block, [{ offset: 0, size: n, l1, l2, trainable: true }]);
    out.push(Array.from(arena.read(block.params, n)));
  }
  return out;
}

function close(actual: number[][], expected: number[][], what: string, rtol = 2e-6): void {
  expected.forEach((row, s) =>
    row.forEach((e, i) => {
      const a = actual[s][i];
      assert.ok(
        Math.abs(a - e) <= rtol * Math.abs(e) + 1e-7,
        `${what}: step ${s + 1}, w[${i}]: expected ${e}, actual ${a}`,
      );
    }),
  );
}

const W0 = [1, -0.5, 2, 0.25, -3];

test('SGD: one step of 0.1 from 1 is 0.9; with momentum 0.9 the second step moves 0.18 (to 0.72)', () => {
  assert.ok(Math.abs(run(new SGD({ learningRate: 0.1 }), [1], 1)[0][0] - 0.9) < 1e-7);
  const m = run(new SGD({ learningRate: 0.1, momentum: 0.9 }), [1], 2);
  close(m, [[0.9], [0.72]], 'momentum');
});

test('SGD, momentum and Nesterov: 5 steps of the Keras rule', () => {
  for (const [momentum, nesterov] of [
    [0, false],
    [0.9, false],
    [0.9, true],
  ] as const) {
    const lr = 0.1;
    const w = [...W0],
      v = W0.map(() => 0);
    const expected: number[][] = [];
    for (let s = 0; s < 5; s++) {
      for (let i = 0; i < w.length; i++) {
        const g = w[i];
        if (momentum === 0) w[i] -= lr * g;
        else {
          v[i] = momentum * v[i] - lr * g;
          w[i] += nesterov ? momentum * v[i] - lr * g : v[i];
        }
      }
      expected.push([...w]);
    }
    close(
      run(new SGD({ learningRate: lr, momentum, nesterov }), W0, 5),
      expected,
      `SGD momentum=${momentum} nesterov=${nesterov}`,
    );
  }
});

test('Adam: 5 steps of the Keras rule (bias correction folded into alpha)', () => {
  const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-7];
  const w = [...W0],
    m = W0.map(() => 0),
    v = W0.map(() => 0);
  const expected: number[][] = [];
  for (let t = 1; t <= 5; t++) {
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < w.length; i++) {
      const g = w[i];
      m[i] += (g - m[i]) * (1 - b1);
      v[i] += (g * g - v[i]) * (1 - b2);
      w[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + eps);
    }
    expected.push([...w]);
  }
  close(run(new Adam({ learningRate: lr }), W0, 5), expected, 'Adam');
});

test('RMSprop: the Keras doc example (10 → 9.683772) and 5 steps plain, momentum, centered', () => {
  close(run(new RMSprop({ learningRate: 0.1 }), [10], 1), [[9.683772]], 'doc example');
  for (const [momentum, centered] of [
    [0, false],
    [0.5, false],
    [0, true],
    [0.5, true],
  ] as const) {
    const [lr, rho, eps] = [0.01, 0.9, 1e-7];
    const w = [...W0],
      vel = W0.map(() => 0),
      mom = W0.map(() => 0),
      avg = W0.map(() => 0);
    const expected: number[][] = [];
    for (let s = 0; s < 5; s++) {
      for (let i = 0; i < w.length; i++) {
        const g = w[i];
        vel[i] = rho * vel[i] + (1 - rho) * g * g;
        let den = vel[i] + eps;
        if (centered) {
          avg[i] = rho * avg[i] + (1 - rho) * g;
          den = vel[i] - avg[i] ** 2 + eps;
        }
        const inc = (lr * g) / Math.sqrt(den);
        if (momentum > 0) {
          mom[i] = momentum * mom[i] + inc;
          w[i] -= mom[i];
        } else w[i] -= inc;
      }
      expected.push([...w]);
    }
    close(
      run(new RMSprop({ learningRate: lr, momentum, centered }), W0, 5),
      expected,
      `RMSprop momentum=${momentum} centered=${centered}`,
      2e-5,
    );
  }
});

test('Adagrad: 5 steps of the Keras rule, accumulator starting at 0.1', () => {
  const [lr, eps] = [0.1, 1e-7];
  const w = [...W0],
    acc = W0.map(() => 0.1);
  const expected: number[][] = [];
  for (let s = 0; s < 5; s++) {
    for (let i = 0; i < w.length; i++) {
      acc[i] += w[i] * w[i];
      w[i] -= (lr * w[i]) / Math.sqrt(acc[i] + eps);
    }
    expected.push([...w]);
  }
  close(run(new Adagrad({ learningRate: lr }), W0, 5), expected, 'Adagrad');
});

test('L1/L2 regularization is fused into the update: g + l1·sign(w) + 2·l2·w', () => {
  const [lr, l1, l2] = [0.1, 0.01, 0.05];
  const w = [...W0, 0];
  const expected: number[][] = [];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < w.length; i++) w[i] -= lr * (w[i] + l1 * Math.sign(w[i]) + 2 * l2 * w[i]);
    expected.push([...w]);
  }
  close(run(new SGD({ learningRate: lr }), [...W0, 0], 3, l1, l2), expected, 'SGD + l1l2', 1e-5);
});

test('learning-rate schedules: exponential (smooth, staircase), step, piecewise; optimizers follow them', () => {
  const e = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
  assert.ok(Math.abs(e.at(5) - 0.1 * 0.5 ** 0.5) < 1e-12);
  const st = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
  assert.equal([st.at(9), st.at(10), st.at(25)], [0.1, 0.05, 0.025]);
  const step = new StepDecay({ initialLearningRate: 1, factor: 0.1, stepSize: 3 });
  assert.equal(
    [0, 2, 3, 6].map((s) => step.at(s)),
    [1, 1, 0.1, 0.1 * 0.1],
  );
  const pw = new PiecewiseConstantDecay([2, 5], [1, 0.5, 0.1]);
  assert.equal(
    [0, 2, 3, 5, 6].map((s) => pw.at(s)),
    [1, 1, 0.5, 0.5, 0.1],
  );
  // SGD with a step schedule: lr 1 for 2 steps then 0.5 on f = w²/2
  const w = run(
    new SGD({ learningRate: new StepDecay({ initialLearningRate: 1, factor: 0.5, stepSize: 2 }) }),
    [1, 2],
    3,
  );
  close(
    w,
    [
      [0, 0],
      [0, 0],
      [0, 0],
    ],
    'lr 1 jumps to the minimum',
  );
  const opt = new SGD({ learningRate: st });
  opt.iterations = 10;
  assert.is(opt.currentLearningRate(), 0.05);
});

test('bad hyper-parameters are ValueErrors naming the argument', () => {
  const bad = (f: () => unknown, re: RegExp) =>
    assert.throws(f, (e: Error) => e instanceof ValueError && re.test(e.message));
  bad(() => new Adam({ learningRate: -1 }), /Adam: learningRate/);
  bad(() => new Adam({ beta1: 1 }), /beta1 must be in \[0, 1\)/);
  bad(() => new Adam({ epsilon: 0 }), /epsilon/);
  bad(() => new RMSprop({ rho: 1.5 }), /rho/);
  bad(() => new Adagrad({ initialAccumulatorValue: -1 }), /initialAccumulatorValue/);
  bad(() => new SGD({ learningRate: NaN }), /learningRate/);
  bad(() => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }), /decaySteps/);
  bad(() => new PiecewiseConstantDecay([1], [1]), /one more entry/);
});

test.run();
