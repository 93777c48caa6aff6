// One hidden layer of width 1 … 256 (tanh) fitting a smooth, a kinked and a step function on
// [−π, π], and the same network with a linear hidden layer: the fitted curves over the targets.
import { Sequential, Dense, Adam, tensor } from '../api.js';
import { scaled, type Experiment } from './experiment.js';
import { lineSpec, type Point } from '../report/charts.js';

const TARGETS: [string, (x: number) => number][] = [
  ['smooth: sin(x)', Math.sin],
  ['kinked: |x| − π/2', (x) => Math.abs(x) - Math.PI / 2],
  ['step: sign(x)', (x) => (x < 0 ? -1 : 1)],
];
const WIDTHS = [1, 2, 4, 8, 16, 64, 256];
const SHOWN = new Set(['width 1', 'width 4', 'width 256', 'linear, width 256']);

export const universalApproximation: Experiment = {
  name: 'universal-approximation',
  title: 'One hidden layer approximates any function; linear layers cannot',
  claim:
    'A network with one hidden layer of enough non-linear units approximates any continuous function on a ' +
    'bounded interval (the universal approximation theorem); the same network with linear units is a line.',
  async run(o) {
    const points = 256;
    const epochs = scaled(1500, o, 150);
    const xs = Float32Array.from({ length: points }, (_, i) => -Math.PI + (2 * Math.PI * i) / (points - 1));
    const x = tensor(xs, [points, 1]);
    const charts = [];
    const rows: (string | number)[][] = [];
    const mse: Record<string, Record<string, number>> = {};
    for (const [name, f] of TARGETS) {
      o.progress(`universal-approximation: ${name}`);
      const t = Float32Array.from(xs, f);
      const curves: Point[] = Array.from(xs, (v, i) => ({ x: v, y: t[i], series: 'target' }));
      mse[name] = {};
      const fits = [
        ...WIDTHS.map((w) => [`width ${w}`, w, 'tanh'] as const),
        ['linear, width 256', 256, 'linear'] as const,
      ];
      for (const [label, width, activation] of fits) {
        const m = new Sequential({ seed: 1 });
        m.add(new Dense({ units: width, activation, inputShape: [1] }));
        m.add(new Dense({ units: 1 }));
        m.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'meanSquaredError' });
        await m.fit(x, tensor(t, [points, 1]), { epochs, batchSize: 'full' });
        const p = m.predict(x).data;
        let e = 0;
        for (let i = 0; i < points; i++) e += (p[i] - t[i]) ** 2;
        mse[name][label] = e / points;
        if (SHOWN.has(label)) for (let i = 0; i < points; i += 2) curves.push({ x: xs[i], y: p[i], series: label });
      }
      rows.push([name, ...fits.map(([label]) => mse[name][label])]);
      charts.push(
        lineSpec({ title: name, x: 'x', y: 'f(x)', points: curves, marks: 'line-only', width: 300, height: 180 }),
      );
    }
    const names = TARGETS.map(([n]) => n);
    const fall = names.map((n) => `${n.split(':')[0]} ${(mse[n]['width 1'] / mse[n]['width 256']).toFixed(0)}×`);
    return {
      table: { head: ['target', ...WIDTHS.map((w) => `tanh ${w}`), 'linear 256'], rows },
      charts,
      findings: [
        `From width 1 to 256 the mean squared error fell ${fall.join(', ')} (${epochs} full-batch epochs).`,
        'With linear units the best the network does is a straight line: MSE ' +
          `${names.map((n) => mse[n]['linear, width 256'].toFixed(3)).join(', ')}, against ` +
          `${names.map((n) => mse[n]['width 256'].toFixed(4)).join(', ')} with 256 tanh units.`,
      ],
      data: { mse },
    };
  },
};
