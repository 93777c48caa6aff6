// The whole activation catalogue on the same MLP and data: every elementwise activation of
// the registry in both hidden layers, plus PReLU and maxout (layers: a linear Dense then
// PReLU; Maxout with 2 pieces). Test accuracy reached and seconds taken.
import { Sequential, Dense, PReLU, Maxout, Adam, activations } from '../api.js';
import { classifier, digits, scaled, pct, timed, type Experiment } from './experiment.js';
import { barSpec } from '../report/charts.js';

// Not hidden-layer activations: softmax (an output), glu (halves its input's width), silu (swish's alias).
const SKIP = new Set(['softmax', 'glu', 'silu']);

function mlp(kind: string): Sequential {
  const m = new Sequential({ seed: 1 });
  for (let l = 0; l < 2; l++) {
    const first = l ? {} : { inputShape: [784] };
    if (kind === 'prelu') {
      m.add(new Dense({ units: 64, ...first }));
      m.add(new PReLU({}));
    } else if (kind === 'maxout') m.add(new Maxout({ units: 64, pieces: 2, ...first }));
    else m.add(new Dense({ units: 64, activation: kind, ...first }));
  }
  return classifier(m, new Adam({ learningRate: 1e-3 }));
}

export const activationsExperiment: Experiment = {
  name: 'activations',
  title: 'The activation functions',
  claim:
    'The choice of activation matters: a stack of linear layers is one linear map, saturating functions ' +
    '(sigmoid, tanh) learn more slowly, and the relu family trains deep nets quickly.',
  async run(o) {
    const n = scaled(8000, o, 500);
    const epochs = scaled(5, o, 2);
    const { x, y, tx, ty } = digits(n, 2000);
    const kinds = [...activations.known().filter((a) => !SKIP.has(a)), 'prelu', 'maxout'];
    const result: { kind: string; accuracy: number; seconds: number }[] = [];
    for (const kind of kinds) {
      o.progress(`activations: ${kind}`);
      const m = mlp(kind);
      const [, seconds] = await timed(() => m.fit(x, y, { epochs, batchSize: 64, workers: o.workers }));
      result.push({ kind, accuracy: m.evaluate(tx, ty).accuracy!, seconds });
    }
    result.sort((a, b) => b.accuracy - a.accuracy);
    const best = result[0];
    const worst = result.at(-1)!;
    const linear = result.find((r) => r.kind === 'linear')!;
    const relu = result.find((r) => r.kind === 'relu')!;
    const sigmoid = result.find((r) => r.kind === 'sigmoid')!;
    return {
      table: {
        head: ['activation', 'test accuracy', 'seconds'],
        rows: result.map((r) => [r.kind, pct(r.accuracy), r.seconds]),
      },
      charts: [
        barSpec({
          title: `Test accuracy after ${epochs} epochs (784-64-64-10, Adam)`,
          x: 'activation',
          y: 'test accuracy',
          bars: result.map((r) => ({ label: r.kind, value: r.accuracy })),
        }),
      ],
      findings: [
        `Best: ${best.kind} (${pct(best.accuracy)}); worst: ${worst.kind} (${pct(worst.accuracy)}); ` +
          `relu ${pct(relu.accuracy)}, sigmoid ${pct(sigmoid.accuracy)} after the same ${epochs} epochs.`,
        `Linear hidden layers — one linear map in all — reach ${pct(linear.accuracy)}, ` +
          `${pct(best.accuracy - linear.accuracy)} below the best non-linearity.`,
      ],
      data: { result },
    };
  },
};
