// A convolutional network against a multilayer perceptron on Fashion-MNIST (Debian's
// dataset-fashion-mnist): the CLI's two digit models — the Keras mnist_convnet and the
// 784-256-128-10 MLP — trained epoch by epoch, test accuracy against epochs and seconds.
import { tensor } from '../api.js';
import { buildModel } from '../cli-models.js';
import { existsSync } from 'node:fs';
import { loadIdxDir } from '../io/idx.js';
import { IOError } from '../errors.js';
import { scaled, pct, timed, type Experiment } from './experiment.js';
import { lineSpec, type Point } from '../report/charts.js';

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

export const cnnVsMlp: Experiment = {
  name: 'cnn-vs-mlp',
  title: 'A convolutional network against an MLP on Fashion-MNIST',
  claim:
    'Convolutions share weights across positions and see local patterns: on images they reach a higher ' +
    'accuracy than a dense network, with fewer parameters, at a higher cost per sample.',
  async run(o) {
    const dir = process.env.SIMDNET_FASHION ?? FASHION_DIR;
    if (!existsSync(dir)) {
      throw new IOError(
        `cnn-vs-mlp: no Fashion-MNIST at ${dir} (Debian: apt-get install dataset-fashion-mnist; or set ` +
          'SIMDNET_FASHION to a folder of its IDX files)',
      );
    }
    const { train, test } = loadIdxDir(dir, true);
    const n = Math.min(train.rows, scaled(30000, o, 1000));
    const m = Math.min(test.rows, scaled(5000, o, 500));
    const epochs = scaled(6, o, 1);
    const images = (d: typeof train, k: number, flat: boolean) =>
      tensor(d.images.subarray(0, k * 784), flat ? [k, 784] : [k, 28, 28, 1]);
    const labels = (d: typeof train, k: number) => tensor(d.labels.subarray(0, k), [k]);
    const byEpoch: Point[] = [];
    const bySecond: Point[] = [];
    const rows: (string | number)[][] = [];
    const result: Record<string, { accuracy: number; params: number; seconds: number }> = {};
    for (const kind of ['mlp', 'cnn'] as const) {
      const flat = kind === 'mlp';
      const sample = flat ? [784] : [28, 28, 1];
      const spec = { kind, sample, classes: 10, seed: 1, hidden: [256, 128], momentum: 0.9 };
      const { model, optimizer } = buildModel({ ...spec, learningRate: flat ? 0.1 : 1e-3 });
      model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      const label = flat ? 'MLP 784-256-128-10' : 'CNN (Keras mnist_convnet)';
      let seconds = 0;
      let accuracy = 0;
      for (let e = 0; e < epochs; e++) {
        o.progress(`cnn-vs-mlp: ${kind}, epoch ${e + 1}/${epochs}`);
        const fit = () =>
          model.fit(images(train, n, flat), labels(train, n), {
            initialEpoch: e,
            epochs: e + 1,
            batchSize: 128,
            workers: o.workers,
          });
        seconds += (await timed(fit))[1];
        accuracy = model.evaluate(images(test, m, flat), labels(test, m), { batchSize: 500 }).accuracy!;
        byEpoch.push({ x: e + 1, y: accuracy, series: label });
        bySecond.push({ x: seconds, y: accuracy, series: label });
      }
      result[kind] = { accuracy, params: model.countParams(), seconds };
      rows.push([label, model.countParams(), pct(accuracy), seconds, Math.round((n * epochs) / seconds)]);
    }
    const { mlp, cnn } = result;
    return {
      table: { head: ['model', 'parameters', 'test accuracy', 'seconds', 'samples/s'], rows },
      charts: [
        lineSpec({ title: 'Test accuracy against epochs', x: 'epoch', y: 'test accuracy', points: byEpoch }),
        lineSpec({ title: 'Test accuracy against seconds', x: 'seconds', y: 'test accuracy', points: bySecond }),
      ],
      findings: [
        `After ${epochs} epochs on ${n.toLocaleString('en-US')} Fashion-MNIST images the CNN, with ` +
          `${(mlp.params / cnn.params).toFixed(1)}× fewer parameters (${cnn.params.toLocaleString('en-US')} against ` +
          `${mlp.params.toLocaleString('en-US')}), reached ${pct(cnn.accuracy)} on ${m.toLocaleString('en-US')} test ` +
          `images, the MLP ${pct(mlp.accuracy)}.`,
        `It cost ${(cnn.seconds / mlp.seconds).toFixed(1)}× the MLP's training time (${cnn.seconds.toFixed(1)} s ` +
          `against ${mlp.seconds.toFixed(1)} s).`,
      ],
      data: { result },
    };
  },
};
