import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Maxout, Dense, Sequential, SGD, tensor, ValueError } from '../../src/index.js';
import { directionalCheck } from '../gradcheck.js';
import { randoms } from '../helpers.js';

test('Maxout passes the gradient check for k = 1, 2, 3; parameters are k times a Dense layer', () => {
  for (const pieces of [1, 2, 3]) {
    const m = new Sequential({ seed: 5 });
    m.add(
      new Maxout({
        units: 4,
        pieces,
        inputShape: [6],
        biasInitializer: { className: 'randomNormal', config: { stddev: 1 } },
      }),
    );
    m.add(new Dense({ units: 2 }));
    m.compile({ optimizer: new SGD(), loss: 'mse' });
    assert.is(m.layers[0].countParams(), pieces * (6 * 4 + 4));
    directionalCheck(
      m,
      tensor(randoms(10 * 6, pieces), [10, 6]),
      tensor(randoms(20, 3), [10, 2]),
      `maxout k=${pieces}`,
    );
  }
});

test("Maxout forward is the max over each unit's pieces; backward reaches only the winner", () => {
  const m = new Sequential({ layers: [new Maxout({ units: 2, pieces: 2, inputShape: [1] })] });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  // unit 0: pieces 1·x and −1·x; unit 1: 2·x and 3·x
  m.setWeights([tensor([1, -1, 2, 3], [1, 4]), tensor([0, 0, 0, 0], [4])]);
  assert.equal(Array.from(m.predict([[2], [-1]]).data), [2, 6, 1, -2]);
  const { grads } = m.computeGradients([[2]], [[0, 0]]);
  // dL/dy = 2(y − 0)/2 = y = [2, 6]; winners: piece 0 of unit 0, piece 1 of unit 1
  assert.equal(Array.from(grads[0].data), [4, 0, 0, 12]);
});

test('Maxout: config round trip and bad arguments', () => {
  const l = new Maxout({ units: 3, pieces: 4, name: 'mx' });
  assert.equal(new Maxout(l.getConfig() as never).getConfig(), l.getConfig());
  assert.throws(
    () => new Maxout({ units: 3, pieces: 0 }),
    (e: Error) => e instanceof ValueError && /pieces/.test(e.message),
  );
  assert.throws(
    () => new Maxout({ units: 0, pieces: 2 }),
    (e: Error) => e instanceof ValueError && /units/.test(e.message),
  );
});

test.run();
