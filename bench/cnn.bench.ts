// The CNN of `npx simdnet train --model cnn` (Keras mnist_convnet, Adam, batch 128) trained
// side by side in one run: simdnet on 1 and 2 threads (alternating fits, medians), the same
// network in TensorFlow.js (wasm and cpu backends) and in PyTorch CPU when Debian's python3
// has torch. Conv2D kernel GFLOP/s on its shapes come from conv.bench.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { torchRuns } from './peers/torch.js';
import { tensor } from '../dist/index.js';
import { buildModel } from '../dist/cli-models.js';
import { mnistSplit } from '../dist/io/mnist.js';
import type { Row } from './machine.js';

const BENCH = 'train CNN mnist_convnet, batch 128';
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function simdnetCnn() {
  const { model, optimizer } = buildModel({
    kind: 'cnn',
    sample: [28, 28, 1],
    classes: 10,
    seed: 0,
    hidden: [],
    learningRate: 1e-3,
    momentum: 0,
  });
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  return model;
}

async function simdnetRows(samples: number): Promise<Row[]> {
  const { train } = mnistSplit(0, 8000, true);
  const x = tensor(train.images.subarray(0, samples * 784), [samples, 28, 28, 1]);
  const y = tensor(train.labels.subarray(0, samples), [samples]);
  const models = [simdnetCnn(), simdnetCnn()];
  const rates: [number[], number[]] = [[], []];
  for (let round = 0; round < 6; round++) {
    for (const i of [0, 1]) {
      const started = performance.now();
      await models[i].fit(x, y, { epochs: 1, batchSize: 128, workers: i + 1, verbose: 0 });
      if (round > 0) rates[i].push(samples / ((performance.now() - started) / 1000));
    }
  }
  await models[1].dispose();
  const [r1, r2] = rates.map(median);
  const note = `median of 5 alternating fits of ${samples} digits`;
  return [
    { bench: BENCH, lib: 'simdnet, 1 thread', value: r1, unit: 'samples/s', note },
    { bench: BENCH, lib: 'simdnet, 2 threads', value: r2, unit: 'samples/s', note },
    { bench: 'CNN: speed-up of 2 threads over 1', lib: 'simdnet', value: r2 / r1, unit: '×' },
  ];
}

function tfCnn(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dropout({ rate: 0.5 }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

// One warm-up fit, then the median of three; a backend that cannot train reports why.
async function tfRows(backend: 'wasm' | 'cpu', samples: number): Promise<Row[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const lib = `tfjs-layers 4.22 (${backend})`;
  const { train } = mnistSplit(0, 8000, true);
  const xs = tf.tensor4d(train.images.subarray(0, samples * 784), [samples, 28, 28, 1]);
  const ys = tf.tensor1d(train.labels.subarray(0, samples), 'float32');
  const m = tfCnn();
  try {
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      await m.fit(xs, ys, { epochs: 1, batchSize: 128, verbose: 0 });
      if (i > 0) times.push((performance.now() - started) / 1000);
    }
    return [{ bench: BENCH, lib, value: samples / median(times), unit: 'samples/s', note: `${samples} digits` }];
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0].slice(0, 100);
    console.error(`${lib} cannot train the CNN: ${reason}`);
    return [{ bench: BENCH, lib, value: Number.NaN, unit: 'samples/s', note: `fails: ${reason}` }];
  } finally {
    xs.dispose();
    ys.dispose();
  }
}

// PyTorch's figures on one thread, and its best of the two ways to use two cores.
function torchRows(): Row[] {
  const runs = torchRuns('torch_cnn.py', (omp) => [String(omp)], 'samples_per_s');
  if (!runs) return [];
  const lib = `PyTorch ${runs.one.torch} CPU`;
  return [
    { bench: BENCH, lib: `${lib}, 1 thread`, value: Number(runs.one.samples_per_s), unit: 'samples/s' },
    {
      bench: BENCH,
      lib: `${lib}, 2 threads`,
      value: Number(runs.two.samples_per_s),
      unit: 'samples/s',
      note: runs.how,
    },
  ];
}

export async function cnnBench(peers: boolean): Promise<Row[]> {
  const rows = await simdnetRows(2560);
  if (!peers) return rows;
  rows.push(...torchRows(), ...(await tfRows('wasm', 512)), ...(await tfRows('cpu', 256)));
  const value = (lib: string) => rows.find((r) => r.bench === BENCH && r.lib === lib)?.value;
  const torch1 = rows.find((r) => r.bench === BENCH && /PyTorch.*1 thread/.test(r.lib))?.value;
  const torch2 = rows.find((r) => r.bench === BENCH && /PyTorch.*2 threads/.test(r.lib))?.value;
  if (torch1 && torch2) {
    rows.push({
      bench: 'CNN: simdnet 1 thread / PyTorch 1 thread',
      lib: 'ratio',
      value: value('simdnet, 1 thread')! / torch1,
      unit: '×',
    });
    rows.push({
      bench: 'CNN: simdnet 2 threads / PyTorch best 2 threads',
      lib: 'ratio',
      value: value('simdnet, 2 threads')! / torch2,
      unit: '×',
    });
  }
  return rows;
}
