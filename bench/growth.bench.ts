// How cost grows with work (`npm run bench -- --only growth`): samples/s of the MLP against
// batch size, against layer width (with PyTorch on the same widths when it is installed),
// against threads, and seconds per epoch against data size; from the measured speed-up of two
// threads, the serial fraction of a step and the speed-up it implies for up to 16 cores
// (Amdahl's law: a model, not a measurement). Each point is the best of 3 epochs after a
// warm-up one, as the PyTorch peers time theirs (rate below); charts go to bench/charts/*.svg.
import { Sequential, Dense, SGD, tensor, type Tensor } from '../dist/index.js';
import { mnistSplit } from '../dist/io/mnist.js';
import { referenceMlp } from './train.bench.js';
import { lineChart, type Point } from './charts.js';
import { torchRun, torchRuns } from './peers/torch.js';
import type { Row } from './machine.js';

const chart = (name: string) => new URL(`./charts/${name}.svg`, import.meta.url);

/** FLOP per training sample of a 784-…-10 relu MLP: forward and dW per layer, dx past the first. */
export function mlpFlops(hidden: number[]): number {
  const widths = [784, ...hidden, 10];
  let flops = 0;
  for (let l = 0; l + 1 < widths.length; l++) flops += 2 * widths[l] * widths[l + 1] * (l === 0 ? 2 : 3);
  return flops;
}

function mlp(hidden: number[]): Sequential {
  const m = new Sequential({ seed: 0 });
  hidden.forEach((units, i) => m.add(new Dense({ units, activation: 'relu', ...(i ? {} : { inputShape: [784] }) })));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

// Samples/s of one epoch as the PyTorch peers time theirs (peers/peer_timing.py): the best of
// 3 epochs after a warm-up one — here epochs of one fit, the data staged once as PyTorch's
// tensors are made once. (Timing whole 1-epoch fits instead, median of 3, counted the ~6 ms
// of staging and checking 8,000 digits per call against simdnet alone: 3–6 % of an epoch.)
async function rate(m: Sequential, x: Tensor, y: Tensor, batchSize: number, workers: number): Promise<number> {
  const times: number[] = [];
  let start = 0;
  const timer = {
    onEpochBegin: () => void (start = performance.now()),
    onEpochEnd: () => void times.push((performance.now() - start) / 1000),
  };
  await m.fit(x, y, { epochs: 4, batchSize, workers, callbacks: timer });
  return x.shape[0] / Math.min(...times.slice(1));
}

export async function growthBench(withPeers: boolean): Promise<Row[]> {
  const { train } = mnistSplit(0);
  const rowsOf = (n: number) => [
    tensor(train.images.subarray(0, n * 784), [n, 784]),
    tensor(train.labels.subarray(0, n), [n]),
  ];
  const [x, y] = rowsOf(train.rows);
  const rows: Row[] = [];
  const row = (bench: string, value: number, unit: string, lib = 'simdnet') => rows.push({ bench, lib, value, unit });

  // Batch size, 1 and 2 threads (2 only where a batch has two chunks).
  const batch: Point[] = [];
  for (const bs of [1, 8, 32, 128, 512]) {
    const [bx, by] = bs < 32 ? rowsOf(bs === 1 ? 1000 : 4000) : [x, y];
    for (const workers of bs >= 128 ? [1, 2] : [1]) {
      const r = await rate(referenceMlp(), bx, by, bs, workers);
      batch.push({ x: bs, y: r, series: `${workers} thread${workers > 1 ? 's' : ''}` });
      row(`growth: MLP 784-256-128-10, batch ${bs}, ${workers} thread(s)`, r, 'samples/s');
    }
  }
  await lineChart(chart('batch-size'), {
    title: 'MLP 784-256-128-10: samples/s against batch size',
    x: 'batch size',
    y: 'samples/s',
    logX: 2,
    points: batch,
  });

  // Layer width: 784-w-10 at batch 128, one thread; GFLOP/s; PyTorch on the same widths.
  const width: Point[] = [];
  for (const w of [64, 128, 256, 512, 1024, 2048]) {
    const r = await rate(mlp([w]), x, y, 128, 1);
    width.push({ x: w, y: (r * mlpFlops([w])) / 1e9, series: 'simdnet' });
    row(`growth: MLP 784-${w}-10, batch 128, 1 thread`, (r * mlpFlops([w])) / 1e9, 'GFLOP/s');
    const t = withPeers
      ? torchRun('torch_mlp.py', ['1', String(w)], { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' })
      : undefined;
    if (t) {
      const g = (Number(t.samples_per_s) * mlpFlops([w])) / 1e9;
      width.push({ x: w, y: g, series: `PyTorch ${t.torch}` });
      row(`growth: MLP 784-${w}-10, batch 128, 1 thread`, g, 'GFLOP/s', 'PyTorch');
    }
  }
  await lineChart(chart('width'), {
    title: 'MLP 784-w-10, batch 128, one thread: GFLOP/s against width',
    x: 'hidden width w',
    y: 'GFLOP/s',
    logX: 2,
    points: width,
  });

  // Data size: seconds per epoch, 1 and 2 threads.
  const data: Point[] = [];
  for (const n of [1000, 2000, 4000, 8000]) {
    const [dx, dy] = rowsOf(n);
    for (const workers of [1, 2]) {
      const s = n / (await rate(referenceMlp(), dx, dy, 128, workers));
      data.push({ x: n, y: s, series: `${workers} thread${workers > 1 ? 's' : ''}` });
      row(`growth: time per epoch, ${n} samples, batch 128, ${workers} thread(s)`, 1000 * s, 'ms');
    }
  }
  await lineChart(chart('data-size'), {
    title: 'MLP 784-256-128-10, batch 128: seconds per epoch against samples',
    x: 'training samples',
    y: 'seconds per epoch',
    points: data,
  });

  // Threads: the measured speed-up at batch 128 and 512, and Amdahl's model from batch 128's.
  const at = (bs: number, series: string) => batch.find((p) => p.x === bs && p.series === series)!.y;
  const threads: Point[] = [];
  for (const bs of [128, 512]) {
    const s2 = at(bs, '2 threads') / at(bs, '1 thread');
    const serial = Math.max(0, 2 / s2 - 1);
    row(`growth: speed-up of 2 threads, batch ${bs}`, s2, '×');
    row(`growth: serial fraction of a step, batch ${bs} (from the 2-thread speed-up)`, 100 * serial, '%');
    for (const n of [1, 2]) threads.push({ x: n, y: n === 1 ? 1 : s2, series: `measured, batch ${bs}` });
    for (const n of [1, 2, 4, 8, 16]) {
      const s = 1 / (serial + (1 - serial) / n);
      threads.push({ x: n, y: s, series: `model, batch ${bs}` });
      if (n === 16) row(`growth: modelled speed-up on 16 cores, batch ${bs} (Amdahl)`, s, '×');
    }
  }
  await lineChart(chart('threads'), {
    title: 'Speed-up against threads: measured (1, 2) and modelled (Amdahl)',
    x: 'threads',
    y: 'speed-up over one thread',
    logX: 2,
    points: threads,
  });
  return rows;
}

// simdnet against PyTorch on the MLPs (issue bars): the reference MLP on one thread and on two
// (PyTorch: one thread, and its better two-core setting), and two wide ones on one thread.
export async function mlpAgainstTorch(withPeers: boolean): Promise<Row[]> {
  const { train } = mnistSplit(0);
  const x = tensor(train.images, [train.rows, 784]);
  const y = tensor(train.labels, [train.rows]);
  const rows: Row[] = [];
  const configs: [number[], number[]][] = [
    [
      [256, 128],
      [1, 2],
    ],
    [[1024, 1024], [1]],
    [[2048], [1]],
  ];
  for (const [hidden, threads] of configs) {
    const name = `MLP 784-${hidden.join('-')}-10, batch 128`;
    const flops = mlpFlops(hidden);
    const torch =
      withPeers && threads.includes(2)
        ? torchRunsMlp(hidden)
        : withPeers
          ? {
              one: torchRun('torch_mlp.py', ['1', hidden.join(',')], {
                OMP_NUM_THREADS: '1',
                OPENBLAS_NUM_THREADS: '1',
              }),
            }
          : undefined;
    for (const workers of threads) {
      const s = await rate(mlp(hidden), x, y, 128, workers);
      const label = `${name}, ${workers === 1 ? '1 thread' : '2 threads'}`;
      rows.push({
        bench: label,
        lib: 'simdnet',
        value: s,
        unit: 'samples/s',
        note: `${((s * flops) / 1e9).toFixed(1)} GFLOP/s`,
      });
      const t = workers === 1 ? torch?.one : (torch as { two?: Record<string, unknown> } | undefined)?.two;
      if (!t) continue;
      const ts = Number(t.samples_per_s);
      const how = workers === 1 ? '1 thread' : (torch as { how: string }).how;
      rows.push({ bench: label, lib: 'PyTorch', value: ts, unit: 'samples/s', note: how });
      rows.push({ bench: `${label}: simdnet / PyTorch`, lib: 'ratio', value: s / ts, unit: '×' });
    }
  }
  return rows;
}

function torchRunsMlp(hidden: number[]) {
  const r = torchRuns('torch_mlp.py', (omp) => [String(omp), hidden.join(',')], 'samples_per_s');
  return r && { one: r.one, two: r.two, how: r.how };
}
