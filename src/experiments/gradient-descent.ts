// Stochastic (batch 1), minibatch (32, 128) and full-batch gradient descent on the same
// network, data and learning rate: the loss on the whole training set after every epoch,
// against epochs and against seconds.
import { Sequential, Dense, SGD } from '../api.js';
import { digits, scaled, timed, type Experiment } from './experiment.js';
import { lineSpec, type Point } from '../report/charts.js';

export const gradientDescent: Experiment = {
  name: 'gradient-descent',
  title: 'Stochastic, minibatch and full-batch gradient descent',
  claim:
    'Smaller batches make more, noisier updates per pass over the data: they lower the loss in fewer epochs, ' +
    'while a full batch makes one exact step per epoch; per second the balance depends on what a step costs.',
  async run(o) {
    const n = scaled(2000, o, 200);
    const epochs = scaled(15, o, 3);
    const { x, y } = digits(n, 0);
    const perEpoch: Point[] = [];
    const perSecond: Point[] = [];
    const rows: (string | number)[][] = [];
    const final: Record<string, { loss: number; seconds: number; curve: [number, number][] }> = {};
    for (const bs of [1, 32, 128, 'full'] as const) {
      const label = bs === 'full' ? `full batch (${n})` : `batch ${bs}`;
      o.progress(`gradient-descent: ${label}`);
      const m = new Sequential({ seed: 1 });
      m.add(new Dense({ units: 64, activation: 'relu', inputShape: [784] }));
      m.add(new Dense({ units: 10, activation: 'softmax' }));
      m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
      const started = performance.now();
      const times: number[] = [];
      const [h, seconds] = await timed(() =>
        m.fit(x, y, {
          epochs,
          batchSize: bs,
          validationData: [x, y], // the loss on the whole training set, after each epoch
          workers: o.workers,
          callbacks: [{ onEpochEnd: () => void times.push((performance.now() - started) / 1000) }],
        }),
      );
      const losses = h.history.val_loss;
      losses.forEach((loss, e) => {
        perEpoch.push({ x: e + 1, y: loss, series: label });
        perSecond.push({ x: times[e], y: loss, series: label });
      });
      final[label] = { loss: losses.at(-1)!, seconds, curve: losses.map((l, e) => [times[e], l]) };
      const steps = Math.ceil(n / (bs === 'full' ? n : bs)) * epochs;
      rows.push([label, steps, losses[0], losses.at(-1)!, seconds]);
    }
    const labels = Object.keys(final);
    const best = labels.reduce((a, b) => (final[a].loss <= final[b].loss ? a : b));
    // Loss each had reached by the time the quickest run ended.
    const budget = Math.min(...labels.map((l) => final[l].seconds));
    const at = (l: string) => final[l].curve.filter(([t]) => t <= budget).at(-1)?.[1] ?? Number.NaN;
    const bestInTime = labels.filter((l) => Number.isFinite(at(l))).reduce((a, b) => (at(a) <= at(b) ? a : b));
    const full = labels[3];
    return {
      table: { head: ['batch', 'steps', 'loss after epoch 1', `loss after ${epochs}`, 'seconds'], rows },
      charts: [
        lineSpec({ title: 'Training loss against epochs', x: 'epoch', y: 'loss', points: perEpoch, logY: 10 }),
        lineSpec({ title: 'Training loss against seconds', x: 'seconds', y: 'loss', points: perSecond, logY: 10 }),
      ],
      findings: [
        `After ${epochs} epochs ${best} reached the lowest training loss (${final[best].loss.toFixed(3)}); ` +
          `the full batch, one step an epoch, ended at ${final[full].loss.toFixed(3)}.`,
        `By ${budget.toFixed(2)} s, when the quickest run finished, ${bestInTime} was lowest ` +
          `(${at(bestInTime).toFixed(3)}): per second, ` +
          (bestInTime === labels[0]
            ? 'single-sample steps still won.'
            : 'larger batches, whose steps use the SIMD kernels fully, caught up.'),
      ],
      data: { final },
    };
  },
};
