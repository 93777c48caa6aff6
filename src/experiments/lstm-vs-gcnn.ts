// Recurrence against gated convolutions (Dauphin et al. 2017) on the same character language
// modelling task and time budget: the CLI's two language models on the SpamAssassin ham
// bodies, trained in slices of windows, held-out bits per character after each slice,
// against seconds and against characters seen.
import { Adam, CharVocab, nextTokenWindows, tensor } from '../api.js';
import { languageModel } from '../text-models.js';
import { hamBodies } from '../cli-text.js';
import { scaled, type Experiment } from './experiment.js';
import { lineSpec, type Point } from '../report/charts.js';

const STEPS = 64;

export const lstmVsGcnn: Experiment = {
  name: 'lstm-vs-gcnn',
  title: 'LSTM against gated convolutions on a character language model',
  claim:
    'Gated convolutional networks model language as well as recurrent ones while computing all time steps ' +
    'at once: in the same time they see more text.',
  async run(o) {
    const text = hamBodies(0);
    const vocab = CharVocab.fromText(text.train, 10);
    const train = nextTokenWindows(vocab.encode(text.train), STEPS);
    const test = nextTokenWindows(vocab.encode(text.test), STEPS);
    const held = Math.min(test.rows, scaled(500, o, 50));
    const tx = tensor(test.x.subarray(0, held * STEPS), [held, STEPS]);
    const ty = tensor(test.y.subarray(0, held * STEPS), [held, STEPS]);
    const budget = scaled(60, o, 3); // seconds of training each
    const slice = scaled(1024, o, 128); // windows between two measurements
    const bySecond: Point[] = [];
    const byChars: Point[] = [];
    const rows: (string | number)[][] = [];
    const result: Record<string, { bpc: number; chars: number; seconds: number; params: number }> = {};
    for (const kind of ['lstm', 'gcnn'] as const) {
      const model = languageModel(kind, vocab.size, STEPS, 0);
      model.compile({ optimizer: new Adam({ learningRate: 2e-3 }), loss: 'sparseCategoricalCrossentropy' });
      let seconds = 0;
      let chars = 0;
      let bpc = Number.NaN;
      for (let at = 0; seconds < budget; at = (at + slice) % (train.rows - slice)) {
        o.progress(`lstm-vs-gcnn: ${kind}, ${seconds.toFixed(0)} of ${budget} s`);
        const x = tensor(train.x.subarray(at * STEPS, (at + slice) * STEPS), [slice, STEPS]);
        const y = tensor(train.y.subarray(at * STEPS, (at + slice) * STEPS), [slice, STEPS]);
        const t = performance.now();
        await model.fit(x, y, { epochs: 1, batchSize: 64, workers: o.workers });
        seconds += (performance.now() - t) / 1000;
        chars += slice * STEPS;
        bpc = model.evaluate(tx, ty, { batchSize: 256 }).loss / Math.LN2;
        bySecond.push({ x: seconds, y: bpc, series: kind });
        byChars.push({ x: chars / 1e6, y: bpc, series: kind });
      }
      result[kind] = { bpc, chars, seconds, params: model.countParams() };
      rows.push([kind, model.countParams(), chars, Math.round(chars / seconds), bpc]);
      await model.dispose();
    }
    const { lstm, gcnn } = result;
    return {
      table: { head: ['model', 'parameters', 'characters seen', 'characters/s', 'held-out bits/char'], rows },
      charts: [
        lineSpec({
          title: 'Held-out bits per character against seconds',
          x: 'seconds',
          y: 'bits/char',
          points: bySecond,
        }),
        lineSpec({
          title: 'Held-out bits per character against text seen',
          x: 'million characters',
          y: 'bits/char',
          points: byChars,
        }),
      ],
      findings: [
        `In ${budget} s each the gated convolutions saw ${(gcnn.chars / lstm.chars).toFixed(2)}× the characters ` +
          `of the LSTM (${(gcnn.chars / 1e6).toFixed(2)} M against ${(lstm.chars / 1e6).toFixed(2)} M) and ended at ` +
          `${gcnn.bpc.toFixed(2)} bits per character against ${lstm.bpc.toFixed(2)}.`,
        `Parameters: ${gcnn.params.toLocaleString('en-US')} against ${lstm.params.toLocaleString('en-US')}; ` +
          `${held} held-out windows of ${STEPS} characters.`,
      ],
      data: { result },
    };
  },
};
