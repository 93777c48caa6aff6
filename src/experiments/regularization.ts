// No penalty, L1, L2 and both on the same network and data: what each does to the weights.
// The first layer's kernel is where it shows: MNIST's border pixels are always 0, so their
// weights get no gradient from the data — only from the penalty.
import { Sequential, Dense, SGD, l1, l2, l1l2 } from '../api.js';
import { digits, scaled, pct, type Experiment } from './experiment.js';
import { histogramSpec } from '../report/charts.js';
import { spread } from '../report/run.js';

const NEAR_ZERO = 1e-3;

export const regularization: Experiment = {
  name: 'regularization',
  title: 'L1 and L2 penalties',
  claim: 'L1 drives many weights to (nearly) zero — a sparse model; L2 shrinks all weights but leaves few at zero.',
  async run(o) {
    const n = scaled(2000, o, 400);
    const epochs = scaled(15, o, 6);
    const { x, y, tx, ty } = digits(n, 2000);
    const configs = [
      ['none', undefined],
      ['L1 1e-3', l1({ l1: 1e-3 })],
      ['L2 1e-3', l2({ l2: 1e-3 })],
      ['L1 + L2', l1l2({ l1: 1e-3, l2: 1e-3 })],
    ] as const;
    const rows: (string | number)[][] = [];
    const values: { series: string; value: number }[] = [];
    const result: Record<string, { nearZero: number; meanAbs: number; accuracy: number }> = {};
    for (const [label, reg] of configs) {
      o.progress(`regularization: ${label}`);
      const m = new Sequential({ seed: 1 });
      m.add(new Dense({ units: 128, activation: 'relu', inputShape: [784], kernelRegularizer: reg }));
      m.add(new Dense({ units: 10, activation: 'softmax', kernelRegularizer: reg }));
      m.compile({
        optimizer: new SGD({ learningRate: 0.1 }),
        loss: 'sparseCategoricalCrossentropy',
        metrics: ['accuracy'],
      });
      await m.fit(x, y, { epochs, batchSize: 32, workers: o.workers });
      const w = m.getWeights()[0].data;
      let near = 0;
      let abs = 0;
      for (const v of w) {
        if (Math.abs(v) < NEAR_ZERO) near++;
        abs += Math.abs(v);
      }
      const accuracy = m.evaluate(tx, ty).accuracy!;
      result[label] = { nearZero: near / w.length, meanAbs: abs / w.length, accuracy };
      rows.push([label, pct(near / w.length), abs / w.length, pct(accuracy)]);
      values.push(...spread(w, 3000).map((value) => ({ series: label, value })));
    }
    const r = result;
    return {
      table: { head: ['penalty', `first-layer weights |w| < ${NEAR_ZERO}`, 'mean |w|', 'test accuracy'], rows },
      charts: [histogramSpec({ title: 'First-layer weights after training', x: 'weight', values, bins: 60 })],
      findings: [
        `L1 left ${pct(r['L1 1e-3'].nearZero)} of the first layer's weights within ${NEAR_ZERO} of zero, ` +
          `L2 ${pct(r['L2 1e-3'].nearZero)} and no penalty ${pct(r.none.nearZero)}: ` +
          (r['L1 1e-3'].nearZero > r['L2 1e-3'].nearZero
            ? 'L1 makes the model sparse, L2 does not.'
            : 'here L1 was not sparser than L2.'),
        `L2 shrank the mean |w| from ${r.none.meanAbs.toFixed(4)} to ${r['L2 1e-3'].meanAbs.toFixed(4)}; ` +
          `test accuracy: none ${pct(r.none.accuracy)}, L1 ${pct(r['L1 1e-3'].accuracy)}, ` +
          `L2 ${pct(r['L2 1e-3'].accuracy)}.`,
      ],
      data: { result },
    };
  },
};
