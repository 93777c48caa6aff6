// The peers, measured in the same process and the same way as simdnet: TensorFlow.js
// (tfjs-layers on the wasm backend — XNNPACK — and on the cpu backend, one thread each)
// and brain.js 1.6.1. Same model, data, batch size and optimizer as train.bench.ts.
import b from 'benny';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRequire } from 'node:module';
import { mnistSplit } from '../dist/io/mnist.js';
import { SHAPES } from './gemm.bench.js';
import type { Row } from './machine.js';

const require = createRequire(import.meta.url);
const quick = { cases: { minSamples: 3, maxTime: 4 } };

function tfMlp(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 256, activation: 'relu', inputShape: [784] }));
  m.add(tfl.layers.dense({ units: 128, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.sgd(0.05), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

async function tfBackend(backend: 'wasm' | 'cpu', samples: number): Promise<Row[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const lib = `tfjs-layers 4.22 (${backend})`;
  const rows: Row[] = [];
  const { train } = mnistSplit(0);
  const xs = tf.tensor2d(train.images.subarray(0, samples * 784), [samples, 784]);
  const ys = tf.tensor1d(train.labels.subarray(0, samples), 'float32');
  const gemms = SHAPES.map(([form, M, K, N, label]) =>
    b.add(`${label}`, () => {
      // tf.matMul(a, b, transposeA, transposeB) with the operands of gemm_nn/tn/nt
      const a = tf.randomNormal(form === 'gemm_tn' ? [K, M] : [M, K]);
      const bb = tf.randomNormal(form === 'gemm_nt' ? [N, K] : [K, N]);
      return () => {
        const c = tf.matMul(a, bb, form === 'gemm_tn', form === 'gemm_nt');
        c.dataSync();
        c.dispose();
      };
    }),
  );
  await b.suite(
    `${lib}: GEMM`,
    b.configure(quick),
    ...gemms,
    b.cycle(),
    b.complete((s) => {
      s.results.forEach((r, i) => {
        const [, M, K, N, label] = SHAPES[i];
        rows.push({ bench: `GEMM ${label}`, lib, value: (2 * M * K * N) / r.details.median / 1e9, unit: 'GFLOP/s' });
      });
    }),
  );
  await b.suite(
    `${lib}: training MLP 784-256-128-10, batch 128`,
    b.configure(quick),
    b.add(`fit, 1 epoch of ${samples} digits`, () => {
      const m = tfMlp();
      return async () => {
        await m.fit(xs, ys, { epochs: 1, batchSize: 128, shuffle: true, verbose: 0 });
      };
    }),
    b.add('predict 1 sample', () => {
      const m = tfMlp();
      const one = tf.slice(xs, [0, 0], [1, 784]);
      return () => (m.predict(one) as tf.Tensor).dataSync();
    }),
    b.add('predict 128 samples', () => {
      const m = tfMlp();
      const batch = tf.slice(xs, [0, 0], [128, 784]);
      return () => (m.predict(batch) as tf.Tensor).dataSync();
    }),
    b.cycle(),
    b.complete((s) => {
      const [fit, p1, p128] = s.results;
      const note = samples < train.rows ? `${samples} of the digits` : undefined;
      rows.push({
        bench: 'train MLP 784-256-128-10, batch 128',
        lib,
        value: samples / fit.details.median,
        unit: 'samples/s',
        note,
      });
      rows.push({ bench: 'predict 1 sample (latency)', lib, value: p1.details.median * 1e6, unit: 'µs' });
      rows.push({ bench: 'predict 128 samples (latency)', lib, value: p128.details.median * 1e6, unit: 'µs' });
    }),
  );
  xs.dispose();
  ys.dispose();
  return rows;
}

// brain.js is far slower: trained on a subset for one iteration, which is still a real
// training pass (forward, backward, update per sample) of the same MLP.
async function brainJs(samples: number): Promise<Row[]> {
  const brain = require('brain.js') as {
    NeuralNetwork: new (o: Record<string, unknown>) => { train(d: unknown[], o: Record<string, unknown>): unknown };
  };
  const { train } = mnistSplit(0);
  const data = Array.from({ length: samples }, (_, i) => {
    const output = new Array(10).fill(0);
    output[train.labels[i]] = 1;
    return { input: Array.from(train.images.subarray(i * 784, (i + 1) * 784)), output };
  });
  const rows: Row[] = [];
  await b.suite(
    'brain.js 1.6.1: training MLP 784-256-128-10',
    b.configure(quick),
    b.add(`train, 1 iteration over ${samples} digits`, () => {
      const net = new brain.NeuralNetwork({ hiddenLayers: [256, 128], activation: 'relu', learningRate: 0.05 });
      return () => net.train(data, { iterations: 1, errorThresh: 1e-9, log: false });
    }),
    b.cycle(),
    b.complete((s) => {
      rows.push({
        bench: 'train MLP 784-256-128-10, batch 128',
        lib: 'brain.js 1.6.1',
        value: samples / s.results[0].details.median,
        unit: 'samples/s',
        note: `per-sample SGD, ${samples} digits`,
      });
    }),
  );
  return rows;
}

export async function peersBench(): Promise<Row[]> {
  return [...(await tfBackend('wasm', 8000)), ...(await tfBackend('cpu', 1000)), ...(await brainJs(500))];
}
