import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Dropout, Dense, Sequential, SGD, tensor, ValueError } from '../../src/index.js';
import { directionalCheck } from '../gradcheck.js';
import { randoms } from '../helpers.js';

function model(rate = 0.5, seed = 1) {
  const m = new Sequential({ seed });
  m.add(new Dense({ units: 16, activation: 'tanh', inputShape: [4] }));
  m.add(new Dropout({ rate }));
  m.add(new Dense({ units: 2 }));
  m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'mse' });
  return m;
}
const x = tensor(randoms(12 * 4, 2), [12, 4]);
const y = tensor(randoms(24, 3), [12, 2]);

test('Dropout passes the gradient check with its mask fixed', () => {
  directionalCheck(model(), x, y, 'dropout');
});

test('Dropout is the identity at inference (inverted dropout = weight-scaling rule)', () => {
  const m = model(0.5);
  const without = new Sequential({ seed: 1 });
  without.add(new Dense({ units: 16, activation: 'tanh', inputShape: [4] }));
  without.add(new Dense({ units: 2 }));
  without.compile({ optimizer: 'sgd', loss: 'mse' });
  without.setWeights(m.getWeights());
  assert.equal(Array.from(m.predict(x).data), Array.from(without.predict(x).data));
  // in training the loss differs (units are dropped)
  assert.not.equal(m.computeGradients(x, y).loss, without.computeGradients(x, y).loss);
});

test('Dropout masks are reproducible from the seed and change with the step', async () => {
  const run = async () => {
    const m = model(0.3, 9);
    await m.fit(x, y, { epochs: 3, batchSize: 5 });
    return Array.from(m.getWeights()[0].data);
  };
  assert.equal(await run(), await run());
  const m = model(0.3, 9);
  const a = m.computeGradients(x, y).loss;
  m.optimizer!.iterations = 1;
  assert.not.equal(m.computeGradients(x, y).loss, a, 'next step, new mask');
});

test('Dropout: rate outside [0, 1) and bad noiseShape are ValueErrors; config round trip', () => {
  for (const rate of [-0.1, 1, 1.5, NaN]) {
    assert.throws(
      () => new Dropout({ rate }),
      (e: Error) => e instanceof ValueError && /rate must be in \[0, 1\)/.test(e.message),
    );
  }
  assert.throws(
    () => new Dropout({ rate: 0.5, noiseShape: [1, 2, 3] }),
    (e: Error) => e instanceof ValueError && /noiseShape/.test(e.message),
  );
  const d = new Dropout({ rate: 0.25, noiseShape: [1, null], seed: 7, name: 'dr' });
  assert.equal(d.getConfig(), { name: 'dr', rate: 0.25, noiseShape: [1, null], seed: 7 });
  assert.equal(new Dropout(d.getConfig() as never).getConfig(), d.getConfig());
});

test.run();
