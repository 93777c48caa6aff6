import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, Embedding, Dense, Flatten, SGD, tensor, ValueError } from '../../src/index.js';
import { embedding_forward } from '../ref/recurrent.js';
import { randoms } from '../helpers.js';

const ids = (n: number, V: number, seed: number) => Float32Array.from(randoms(n, seed, 0, 1), (v) => Math.floor(v * V));

test('Embedding looks up rows of its table [inputDim, outputDim], as the twin', () => {
  const m = new Sequential({ layers: [new Embedding({ inputDim: 13, outputDim: 5, inputShape: [9] })] });
  const [E] = m.getWeights();
  assert.equal(E.shape, [13, 5]);
  assert.ok(E.data.every((v) => Math.abs(v) <= 0.05) && E.data.some((v) => v !== 0), 'randomUniform ±0.05');
  const x = ids(4 * 9, 13, 1);
  const y = m.predict(tensor(x, [4, 9]));
  assert.equal(y.shape, [4, 9, 5]);
  assert.equal(Array.from(y.data), Array.from(embedding_forward(E.data, x, 5), Math.fround));
});

test("Embedding's gradient: each step's gradient added into its id's row (repeated ids add up), the others 0", () => {
  const m = new Sequential({
    layers: [new Embedding({ inputDim: 6, outputDim: 3, inputShape: [4] }), new Flatten(), new Dense({ units: 1 })],
  });
  m.compile({ optimizer: new SGD(), loss: 'meanSquaredError' });
  const x = Float32Array.from([2, 2, 5, 0, 5, 1, 1, 1]);
  const r = m.computeGradients(tensor(x, [2, 4]), tensor([0, 0], [2, 1]), { inputGradient: true });
  const [, w, b] = m.getWeights();
  const out = m.predict(tensor(x, [2, 4])).data;
  const dE = new Float64Array(18);
  for (let s = 0; s < 2; s++)
    for (let t = 0; t < 4; t++)
      for (let d = 0; d < 3; d++) dE[x[s * 4 + t] * 3 + d] += ((2 * (out[s] - 0)) / 2) * w.data[t * 3 + d];
  assert.ok(b.data.length === 1);
  r.grads[0].data.forEach((g, i) => assert.ok(Math.abs(g - dE[i]) < 1e-6, `dE[${i}] ${g} vs ${dE[i]}`));
  assert.equal(Array.from(r.grads[0].data.subarray(9, 12)), [0, 0, 0], 'id 3 never appears');
  assert.ok(
    r.inputGradient!.data.every((v) => v === 0),
    'ids have no gradient',
  );
});

test('Embedding: an id out of range or not an integer is a ValueError naming sample and step; bad arguments', () => {
  const m = new Sequential({ layers: [new Embedding({ inputDim: 4, outputDim: 2, inputShape: [3] })] });
  for (const [bad, shown] of [
    [4, '4'],
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
  ] as const) {
    const x = Float32Array.from([0, 1, 2, 3, 0, bad]);
    assert.throws(
      () => m.predict(tensor(x, [2, 3])),
      (e: Error) =>
        e instanceof ValueError && e.message.includes(`sample 1, step 2 is ${shown}`) && /\[0, 3\]/.test(e.message),
    );
  }
  for (const [args, msg] of [
    [{ inputDim: 0, outputDim: 2 }, /inputDim: expected a positive integer, received 0/],
    [{ inputDim: 3, outputDim: 2.5 }, /outputDim: expected a positive integer, received 2.5/],
    [{ inputDim: 3, outputDim: 2, maskZero: true }, /maskZero true is not supported/],
    [{ inputDim: 2 ** 25, outputDim: 2 }, /above 2\^24/],
  ] as const)
    assert.throws(
      () => new Embedding(args as never),
      (e: Error) => e instanceof ValueError && msg.test(e.message),
    );
  const legacy = new Embedding({ inputDim: 3, outputDim: 2, inputLength: 7 });
  assert.equal(legacy.declaredInputShape, [7], "Keras 2's inputLength");
});

test.run();
