// Batch size, measured on simdnet itself: how accurate a minibatch gradient is (its squared
// distance from the full-data gradient, against batch size), what a batch costs in memory
// (training, which runs 64-row chunks, and a predict pass of that many rows), and samples/s
// at sizes around a power of two.
import { Sequential, Dense, SGD, type Tensor } from '../api.js';
import { rowSource } from '../data.js';
import { digits, scaled, type Experiment } from './experiment.js';
import { lineSpec, barSpec, type Point } from '../report/charts.js';
import { uniforms } from '../random.js';

function mlp(): Sequential {
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 128, activation: 'relu', inputShape: [784] }));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

function flat(ts: Tensor[]): Float64Array {
  const out = new Float64Array(ts.reduce((n, t) => n + t.data.length, 0));
  let at = 0;
  for (const t of ts) {
    out.set(t.data, at);
    at += t.data.length;
  }
  return out;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
const fmt = (v: number) => Math.round(v).toLocaleString('en-US');

export const batchSize: Experiment = {
  name: 'batch-size',
  title: 'Batch size: accuracy of the gradient, memory, speed',
  claim:
    'A larger batch gives a more accurate gradient, but with less than linear returns (its error falls as ' +
    '1/√b while its cost grows as b); memory grows in proportion to the batch; some sizes run faster than others.',
  async run(o) {
    const n = scaled(2000, o, 400);
    const { x, y } = digits(n, 0);
    const m = mlp();
    await m.fit(x, y, { epochs: 1, batchSize: 32 });
    const full = flat(m.computeGradients(x, y).grads);
    const norm2 = full.reduce((s, v) => s + v * v, 0);
    const draws = scaled(24, o, 8);
    const variance: Point[] = [];
    const rows: (string | number)[][] = [];
    const vars: Record<number, number> = {};
    const [xs, ys] = [rowSource(x, 'x'), rowSource(y, 'y')];
    for (const b of [1, 4, 16, 64, 256]) {
      o.progress(`batch-size: gradient variance at batch ${b}`);
      let sum = 0;
      for (let r = 0; r < draws; r++) {
        const u = uniforms(b, 7, b * 1000 + r);
        const idx = Array.from(u, (v) => Math.floor(v * n));
        const g = flat(m.computeGradients(xs.take(idx), ys.take(idx)).grads);
        for (let i = 0; i < g.length; i++) sum += (g[i] - full[i]) ** 2;
      }
      vars[b] = sum / draws;
      variance.push(
        { x: b, y: vars[b] / norm2, series: 'measured' },
        { x: b, y: vars[1] / b / norm2, series: '∝ 1/b' },
      );
      rows.push([`gradient, batch ${b}`, vars[b] / norm2, Math.sqrt(vars[b] / norm2), (vars[b] * b) / vars[1]]);
    }
    // Memory: the arena's high-water mark in a fit and in a predict pass at each batch size,
    // beyond the weights and the staged data.
    const memory: { label: string; value: number; series: string }[] = [];
    const mem: Record<string, number[]> = { fit: [], predict: [] };
    for (const b of [32, 128, 512, 2048]) {
      const f = mlp();
      f.build([784]);
      const base = f.arena.usage.used;
      await f.fit(x, y, { epochs: 1, batchSize: Math.min(b, n) });
      const staged = 4 * (x.data.length + y.data.length); // the data, copied in once
      const fitBytes = f.arena.usage.highWater - base - staged;
      const p = mlp();
      p.build([784]);
      p.predict(x, { batchSize: Math.min(b, n) });
      const predictBytes = p.arena.usage.highWater - p.arena.usage.used - 4 * x.data.length;
      mem.fit.push(fitBytes);
      mem.predict.push(predictBytes);
      memory.push({ label: `batch ${b}`, value: fitBytes / 2 ** 20, series: 'fit' });
      memory.push({ label: `batch ${b}`, value: predictBytes / 2 ** 20, series: 'predict' });
      rows.push([`memory, batch ${b}`, fitBytes, predictBytes, '']);
    }
    // Speed around powers of two.
    const speed: Record<number, number> = {};
    const big = digits(scaled(8000, o, 1000), 0);
    for (const b of [96, 127, 128, 129, 256]) {
      o.progress(`batch-size: samples/s at batch ${b}`);
      const s = mlp();
      await s.fit(big.x, big.y, { epochs: 1, batchSize: b, workers: o.workers });
      const t = performance.now();
      await s.fit(big.x, big.y, { epochs: 2, batchSize: b, workers: o.workers });
      speed[b] = (2 * big.x.shape[0]) / ((performance.now() - t) / 1000);
      rows.push([`samples/s, batch ${b}`, speed[b], '', '']);
    }
    const gain = Math.sqrt(vars[1] / vars[256]);
    return {
      table: { head: ['measure', 'value', '√ / predict bytes', 'variance × b / variance at 1'], rows },
      charts: [
        lineSpec({
          title: 'Squared gradient error (relative) against batch size',
          x: 'batch size',
          y: '‖g_b − g‖² / ‖g‖²',
          points: variance,
          logX: 2,
          logY: 10,
        }),
        barSpec({ title: 'Memory beyond the weights (MiB)', x: 'batch', y: 'MiB', bars: memory }),
        barSpec({
          title: 'Samples/s around 128',
          x: 'batch size',
          y: 'samples/s',
          bars: [96, 127, 128, 129, 256].map((b) => ({ label: String(b), value: speed[b] })),
        }),
      ],
      findings: [
        `256 samples instead of 1 cut the gradient's error ${gain.toFixed(1)}-fold (√256 = 16 is what independent ` +
          'samples give) for 256 times the arithmetic: less than linear returns.',
        `Memory: a fit's buffers beyond its weights and data take ${mib(mem.fit[0])} MiB at batch 32 and ` +
          `${mib(mem.fit.at(-1)!)} MiB at 2,048 (simdnet runs a minibatch as 64-row chunks), while a predict ` +
          `pass grows with its batch: ${mib(mem.predict[0])} → ${mib(mem.predict.at(-1)!)} MiB.`,
        `Samples/s: 127 → ${fmt(speed[127])}, 128 → ${fmt(speed[128])}, 129 → ${fmt(speed[129])}: ` +
          'a batch of 129 is three chunks, the last of one row.',
      ],
      data: { vars, mem, speed },
    };
  },
};
