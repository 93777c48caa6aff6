import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PReLU, Dense, Sequential, SGD, tensor, ValueError } from '../../src/index.js';
import { directionalCheck } from '../gradcheck.js';
import { randoms } from '../helpers.js';

function model(sharedAxes?: number[]) {
  const m = new Sequential({ seed: 4 });
  m.add(
    new Dense({
      units: 6,
      inputShape: [5],
      biasInitializer: { className: 'randomUniform', config: { minval: -0.5, maxval: 0.5 } },
    }),
  );
  m.add(new PReLU({ sharedAxes, alphaInitializer: { className: 'constant', config: { value: 0.25 } } }));
  m.add(new Dense({ units: 2 }));
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
  return m;
}
const x = tensor(randoms(8 * 5, 9), [8, 5]);
const y = tensor(randoms(16, 10), [8, 2]);

test('PReLU passes the gradient check (alpha per unit and shared), alpha is learned', async () => {
  for (const shared of [undefined, [1]]) {
    const m = model(shared);
    directionalCheck(m, x, y, `prelu shared=${!!shared}`);
    const alpha = m.getWeights()[2];
    assert.equal(alpha.shape, shared ? [1] : [6]);
    const { grads } = m.computeGradients(x, y);
    assert.ok(
      grads[2].data.some((g) => g !== 0),
      'alpha gets a gradient',
    );
    await m.fit(x, y, { epochs: 3, batchSize: 4 });
    assert.ok(
      m.getWeights()[2].data.some((a) => a !== 0.25),
      'alpha moved',
    );
  }
});

test('PReLU: zeros initializer by default, config round trip, bad arguments', () => {
  const p = new PReLU({ name: 'p' });
  const c = p.getConfig();
  assert.equal(c, {
    name: 'p',
    alphaInitializer: { className: 'Zeros', config: {} },
    alphaRegularizer: null,
    sharedAxes: [],
  });
  assert.equal(new PReLU(c as never).getConfig(), c);
  assert.throws(
    () => new PReLU({ sharedAxes: [2] }),
    (e: Error) => e instanceof ValueError && /sharedAxes/.test(e.message),
  );
  const m = new Sequential({ layers: [new Dense({ units: 3, inputShape: [2] }), new PReLU()] });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  assert.is(m.countParams(), 9 + 3);
});

test.run();
