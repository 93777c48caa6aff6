// Training throughput of the reference MLP 784-256-128-10 (relu, softmax
// cross-entropy, SGD, batch 128) on the 8,000 training digits: one case = one epoch of fit.
import b from 'benny';
import { Sequential, Dense, SGD, tensor } from '../src/index.js';
import { mnistSplit } from '../src/io/mnist.js';
import type { Row } from './machine.js';

export function referenceMlp(seed = 0): Sequential {
  const m = new Sequential({ seed });
  m.add(new Dense({ units: 256, activation: 'relu', inputShape: [784] }));
  m.add(new Dense({ units: 128, activation: 'relu' }));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

export async function trainBench(): Promise<Row[]> {
  const { train } = mnistSplit(0);
  const x = tensor(train.images, [train.rows, 784]);
  const y = tensor(train.labels, [train.rows]);
  const rows: Row[] = [];
  await b.suite(
    'simdnet training, MLP 784-256-128-10, batch 128 (one core)',
    b.add('fit, 1 epoch of 8,000 digits', () => {
      const m = referenceMlp(); // setup outside the timed closure; benny warms up first
      return async () => {
        await m.fit(x, y, { epochs: 1, batchSize: 128 });
      };
    }),
    b.cycle(),
    b.complete((summary) => {
      rows.push({ bench: 'train MLP 784-256-128-10, batch 128', lib: 'simdnet', value: train.rows / summary.results[0].details.mean, unit: 'samples/s' });
    }),
  );
  return rows;
}
