// A deep net (10 hidden layers of 64) with tanh and with relu under six initializers: the
// standard deviation of every layer's output at initialization, and the loss after a few
// epochs. Whether the signal survives ten layers is decided before training starts.
import { Sequential, Dense, SGD } from '../api.js';
import { layerOutputs, stats } from '../report/activations.js';
import { digits, scaled, type Experiment } from './experiment.js';
import { lineSpec, type Point } from '../report/charts.js';

const DEPTH = 10;
const INITS: [string, string | { className: string; config: Record<string, unknown> }][] = [
  ['zeros', 'zeros'],
  ['randomNormal(0.05)', { className: 'RandomNormal', config: { stddev: 0.05 } }],
  ['glorotUniform', 'glorotUniform'],
  ['heNormal', 'heNormal'],
  ['lecunNormal', 'lecunNormal'],
  ['orthogonal', 'orthogonal'],
];

export function deepNet(activation: string, init: (typeof INITS)[number][1]): Sequential {
  const m = new Sequential({ seed: 1 });
  for (let l = 0; l < DEPTH; l++)
    m.add(new Dense({ units: 64, activation, kernelInitializer: init as never, ...(l ? {} : { inputShape: [784] }) }));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: new SGD({ learningRate: 0.01, momentum: 0.9 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

/** Standard deviation of each hidden layer's output at initialization, on x. */
export function stdPerLayer(m: Sequential, x: Parameters<typeof layerOutputs>[1]): number[] {
  return layerOutputs(m, x)
    .slice(0, DEPTH)
    .map((o) => stats(o.data).std);
}

export const initialization: Experiment = {
  name: 'initialization',
  title: 'Initialization of a deep network',
  claim:
    'Initial weights decide whether a deep network’s signal survives: too small and it fades layer by layer, ' +
    'scaled to the fan-in (Glorot/LeCun for tanh, He for relu) and it keeps its size through every layer.',
  async run(o) {
    const n = scaled(2000, o, 300);
    const epochs = scaled(3, o, 1);
    const { x, y, tx, ty } = digits(n, 1000);
    const sample = { data: x.data.subarray(0, 256 * 784), shape: [256, 784] };
    const charts = [];
    const rows: (string | number)[][] = [];
    const std: Record<string, number[]> = {};
    for (const activation of ['tanh', 'relu']) {
      const points: Point[] = [];
      for (const [label, init] of INITS) {
        o.progress(`initialization: ${activation}, ${label}`);
        const m = deepNet(activation, init);
        const s = stdPerLayer(m, sample);
        std[`${activation} ${label}`] = s;
        s.forEach((v, l) => points.push({ x: l + 1, y: Math.max(v, 1e-12), series: label }));
        await m.fit(x, y, { epochs, batchSize: 32, workers: o.workers });
        const loss = m.evaluate(tx, ty).loss;
        rows.push([activation, label, s[0], s[DEPTH - 1], s[DEPTH - 1] / Math.max(s[0], 1e-30), loss]);
      }
      charts.push(
        lineSpec({
          title: `${activation}: std of each layer's output at initialization`,
          x: 'layer',
          y: 'std (log)',
          points,
          logY: 10,
        }),
      );
    }
    const ratio = (k: string) => std[k][DEPTH - 1] / std[k][0];
    const spreadOf = (k: string) => Math.max(...std[k]) / Math.min(...std[k]);
    return {
      table: {
        head: ['activation', 'initializer', 'std layer 1', `std layer ${DEPTH}`, 'ratio', `test loss after ${epochs}`],
        rows,
      },
      charts,
      findings: [
        `relu under He: the output std stays within a factor ${spreadOf('relu heNormal').toFixed(2)} across ` +
          `${DEPTH} layers; under randomNormal(0.05) layer ${DEPTH} has ` +
          `${ratio('relu randomNormal(0.05)').toExponential(1)} ` +
          `of layer 1's std — the signal fades.`,
        `tanh under Glorot keeps ${ratio('tanh glorotUniform').toFixed(2)} of layer 1's std at layer ${DEPTH}, ` +
          `under randomNormal(0.05) ${ratio('tanh randomNormal(0.05)').toExponential(1)}; zeros give every unit the ` +
          'same output, and no gradient tells them apart.',
      ],
      data: { std },
    };
  },
};
