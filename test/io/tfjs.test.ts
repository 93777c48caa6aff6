// Interop with the real @tensorflow/tfjs-layers (devDependency), both ways.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  Sequential,
  Dense,
  Dropout,
  PReLU,
  Softmax,
  Activation,
  Maxout,
  tensor,
  FormatError,
} from '../../src/index.js';
import { exportTfjs, importTfjs, toTfjsArtifacts, fromTfjsArtifacts } from '../../src/io/tfjs.js';
import { randoms, assertClose } from '../helpers.js';

await tf.setBackend('cpu');
const dir = mkdtempSync(join(tmpdir(), 'simdnet-tfjs-'));
const X = randoms(10 * 6, 3);

function tfPredict(m: tfl.LayersModel): Float32Array {
  return tf.tidy(() => (m.predict(tf.tensor2d(X, [10, 6])) as tf.Tensor).dataSync() as Float32Array);
}

test('a simdnet model exported to the Layers format loads in tfjs-layers and predicts the same', async () => {
  const m = new Sequential({ seed: 3 });
  m.add(
    new Dense({
      units: 8,
      activation: 'elu',
      inputShape: [6],
      biasInitializer: 'randomNormal',
      kernelInitializer: 'lecunNormal',
    }),
  );
  m.add(new PReLU({ alphaInitializer: { className: 'constant', config: { value: 0.1 } } }));
  m.add(new Dropout({ rate: 0.3 }));
  m.add(new Dense({ units: 5, activation: 'gelu' }));
  m.add(new Dense({ units: 4 }));
  m.add(new Softmax());
  m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  const out = join(dir, 'exported');
  await exportTfjs(m, out);
  const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  const loaded = await tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: new Uint8Array(readFileSync(join(out, 'weights.bin'))).buffer,
    }),
  );
  assertClose(
    tfPredict(loaded),
    m.predict(tensor(X, [10, 6])).data,
    (r) => 1e-5 + 1e-4 * Math.abs(r),
    'tfjs vs simdnet',
  );
});

test('a model built and saved by tfjs-layers imports into simdnet and predicts the same', async () => {
  const t = tfl.sequential();
  t.add(tfl.layers.dense({ units: 7, activation: 'relu', inputShape: [6], biasInitializer: 'randomUniform' }));
  t.add(tfl.layers.dropout({ rate: 0.5 }));
  t.add(tfl.layers.prelu({ alphaInitializer: tfl.initializers.constant({ value: 0.2 }) }));
  t.add(tfl.layers.dense({ units: 5, activation: 'tanh' }));
  t.add(tfl.layers.activation({ activation: 'softplus' }));
  t.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
  await t.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify({
          modelTopology: a.modelTopology,
          weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }],
        }),
      );
      writeFileSync(join(dir, 'w.bin'), new Uint8Array(a.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const m = await importTfjs(dir);
  assert.equal(
    m.layers.map((l) => l.className),
    ['Dense', 'Dropout', 'PReLU', 'Dense', 'Activation', 'Dense'],
  );
  assertClose(m.predict(tensor(X, [10, 6])).data, tfPredict(t), (r) => 1e-5 + 1e-4 * Math.abs(r), 'simdnet vs tfjs');
});

test('unsupported layers and activations are errors that name them, both ways', async () => {
  const mx = new Sequential({ layers: [new Maxout({ units: 2, pieces: 2, inputShape: [3] })] });
  mx.build([3]);
  assert.throws(
    () => toTfjsArtifacts(mx),
    (e: Error) =>
      e instanceof FormatError && /maxout\S* \(Maxout\) has no TensorFlow.js Layers equivalent/.test(e.message),
  );
  const cosine = new Sequential({
    layers: [new Dense({ units: 2, inputShape: [3] }), new Activation({ activation: 'cos' })],
  });
  cosine.build([3]);
  assert.throws(
    () => toTfjsArtifacts(cosine),
    (e: Error) => e instanceof FormatError && /activation "cos" has no TensorFlow.js equivalent/.test(e.message),
  );
  const topo = {
    class_name: 'Sequential',
    config: { layers: [{ class_name: 'Conv2D', config: { name: 'conv', batch_input_shape: [null, 28, 28, 1] } }] },
  };
  assert.throws(
    () => fromTfjsArtifacts({ modelTopology: topo, weightSpecs: [], weightData: new ArrayBuffer(0) }),
    (e: Error) =>
      e instanceof FormatError && /conv \(Conv2D\) is not supported by simdnet; supported: Dense/.test(e.message),
  );
  const mish = {
    class_name: 'Sequential',
    config: {
      layers: [
        { class_name: 'Dense', config: { name: 'd', units: 2, activation: 'mish', batch_input_shape: [null, 3] } },
      ],
    },
  };
  assert.throws(
    () => fromTfjsArtifacts({ modelTopology: mish, weightSpecs: [], weightData: new ArrayBuffer(0) }),
    (e: Error) => e instanceof FormatError && /activation "mish" is not supported/.test(e.message),
  );
});

test.run();
