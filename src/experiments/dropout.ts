// Dropout rates 0, 0.2 and 0.5 on a training set small enough for the plain network to
// overfit: training and test accuracy after every epoch (both measured without dropout, as
// the model predicts: the weight-scaling rule), and the gap between them. As in Srivastava et
// al. (2014), a network with dropout also drops 20 % of its inputs; SGD with momentum.
import { Sequential, Dense, Dropout, SGD } from '../api.js';
import { classifier, digits, scaled, pct, type Experiment } from './experiment.js';
import { lineSpec, type Point } from '../report/charts.js';

export const dropout: Experiment = {
  name: 'dropout',
  title: 'Dropout against overfitting',
  claim:
    'Dropout narrows the gap between training and test accuracy: training many thinned networks that share ' +
    'weights approximates bagging an ensemble, and predicting with the weights scaled averages it.',
  async run(o) {
    const n = scaled(1000, o, 200);
    const epochs = scaled(30, o, 10);
    const { x, y, tx, ty } = digits(n, 2000);
    const gaps: Point[] = [];
    const accs: Point[] = [];
    const rows: (string | number)[][] = [];
    const result: Record<string, { train: number; test: number; gap: number; meanGap: number }> = {};
    for (const rate of [0, 0.2, 0.5]) {
      const label = `dropout ${rate}`;
      o.progress(`dropout: rate ${rate}`);
      const m = new Sequential({ seed: 1 });
      if (rate) m.add(new Dropout({ rate: 0.2, inputShape: [784] }));
      m.add(new Dense({ units: 512, activation: 'relu', ...(rate ? {} : { inputShape: [784] }) }));
      if (rate) m.add(new Dropout({ rate }));
      m.add(new Dense({ units: 512, activation: 'relu' }));
      if (rate) m.add(new Dropout({ rate }));
      classifier(m, new SGD({ learningRate: 0.01, momentum: 0.9 }));
      let gapSum = 0;
      let last = { train: 0, test: 0 };
      for (let e = 0; e < epochs; e++) {
        await m.fit(x, y, { initialEpoch: e, epochs: e + 1, batchSize: 50, workers: o.workers });
        last = { train: m.evaluate(x, y).accuracy!, test: m.evaluate(tx, ty).accuracy! };
        gaps.push({ x: e + 1, y: last.train - last.test, series: label });
        accs.push({ x: e + 1, y: last.test, series: label });
        if (e >= epochs / 2) gapSum += last.train - last.test;
      }
      const meanGap = gapSum / Math.ceil(epochs / 2);
      result[label] = { ...last, gap: last.train - last.test, meanGap };
      rows.push([label, pct(last.train), pct(last.test), pct(last.train - last.test), pct(meanGap)]);
    }
    const [none, mild, half] = Object.values(result);
    return {
      table: { head: ['', 'train accuracy', 'test accuracy', 'gap', 'mean gap, 2nd half'], rows },
      charts: [
        lineSpec({ title: 'Train − test accuracy per epoch', x: 'epoch', y: 'gap', points: gaps }),
        lineSpec({ title: 'Test accuracy per epoch', x: 'epoch', y: 'test accuracy', points: accs }),
      ],
      findings: [
        `On ${n} training digits the plain network ends ${pct(none.gap)} better on its training data than on ` +
          `unseen digits; with dropout 0.2 the gap is ${pct(mild.gap)}, with 0.5 ${pct(half.gap)} ` +
          `(means over the second half of training: ${pct(none.meanGap)}, ${pct(mild.meanGap)}, ${pct(half.meanGap)}).`,
        `Test accuracy: ${pct(none.test)} without dropout, ${pct(mild.test)} and ${pct(half.test)} with it.`,
      ],
      data: { result },
    };
  },
};
