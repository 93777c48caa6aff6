// Token and recurrent layers in the TensorFlow.js Layers format, against the real tfjs-layers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Sequential, Embedding, LSTM, GRU, SimpleRNN, Dense, tensor, FormatError } from '../../src/index.js';
import { exportTfjs, toTfjsArtifacts, fromTfjsArtifacts } from '../../src/io/tfjs.js';
import { importTfjs } from '../../src/io/tfjs-read.js';
import { assertClose, randoms } from '../helpers.js';
import { artifactsOf, savedArtifacts, close } from './tfjs-helpers.js';

await tf.setBackend('cpu');
const dir = mkdtempSync(join(tmpdir(), 'simdnet-tfjs-rnn-'));
const ids = (n: number, V: number) => Float32Array.from(randoms(n, 4, 0, 1), (v) => Math.floor(v * V));

test('Embedding → LSTM (sequences, backwards) → SimpleRNN → Dense exports; tfjs-layers predicts the same', async () => {
  const m = new Sequential({
    seed: 9,
    layers: [
      new Embedding({ inputDim: 12, outputDim: 5, inputShape: [7] }),
      new LSTM({ units: 6, returnSequences: true, goBackwards: true, biasInitializer: 'randomNormal' }),
      new SimpleRNN({ units: 4, biasInitializer: 'randomNormal' }),
      new Dense({ units: 3, activation: 'softmax' }),
    ],
  });
  const out = join(dir, 'rnn');
  await exportTfjs(m, out);
  const theirs = await tfl.loadLayersModel(tf.io.fromMemory(await artifactsOf(out)));
  const x = ids(5 * 7, 12);
  const their = tf.tidy(() => (theirs.predict(tf.tensor2d(x, [5, 7])) as tf.Tensor).dataSync());
  assertClose(m.predict(tensor(x, [5, 7])).data, Float64Array.from(their), close, 'tfjs vs simdnet');
  const back = await importTfjs(out);
  assert.equal(
    back.layers.map((l) => l.getConfig()),
    m.layers.map((l) => l.getConfig()),
  );
  assert.equal(Array.from(back.predict(tensor(x, [5, 7])).data), Array.from(m.predict(tensor(x, [5, 7])).data));
});

test("a tfjs LSTM with recurrentActivation 'sigmoid' imports, predicts the same; hardSigmoid refused", async () => {
  const build = (recurrentActivation: string) =>
    tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: 9, outputDim: 3, inputLength: 6 }),
        tfl.layers.lstm({ units: 5, recurrentActivation, recurrentInitializer: 'glorotUniform' }),
        tfl.layers.dense({ units: 2 }),
      ],
    });
  const theirs = build('sigmoid');
  const x = ids(4 * 6, 9);
  const their = tf.tidy(() => (theirs.predict(tf.tensor2d(x, [4, 6])) as tf.Tensor).dataSync());
  const back = fromTfjsArtifacts((await savedArtifacts(theirs)) as never, 'tfjs lstm');
  assert.is(back.layers[1].className, 'LSTM');
  assertClose(back.predict(tensor(x, [4, 6])).data, Float64Array.from(their), close, 'imported');
  const hard = await savedArtifacts(build('hardSigmoid'));
  assert.throws(
    () => fromTfjsArtifacts(hard as never, 'tfjs lstm'),
    (e: Error) => /recurrentActivation/.test(e.message) && /hard_?sigmoid/i.test(e.message),
  );
});

test('GRU with resetAfter false moves both ways; the default reset_after=True one is refused, with why', async () => {
  const m = new Sequential({
    seed: 2,
    layers: [
      new GRU({
        units: 4,
        resetAfter: false,
        returnSequences: true,
        biasInitializer: 'randomNormal',
        inputShape: [5, 3],
      }),
      new GRU({ units: 3, resetAfter: false, goBackwards: true }),
    ],
  });
  const out = join(dir, 'gru');
  await exportTfjs(m, out);
  const theirs = await tfl.loadLayersModel(tf.io.fromMemory(await artifactsOf(out)));
  const x = randoms(3 * 15, 8);
  const their = tf.tidy(() => (theirs.predict(tf.tensor3d(x, [3, 5, 3])) as tf.Tensor).dataSync());
  assertClose(m.predict(tensor(x, [3, 5, 3])).data, Float64Array.from(their), close, 'tfjs vs simdnet');
  const built = tfl.sequential({
    layers: [
      tfl.layers.gru({
        units: 4,
        recurrentActivation: 'sigmoid',
        recurrentInitializer: 'glorotUniform',
        inputShape: [5, 3],
      }),
    ],
  });
  const expected = tf.tidy(() => (built.predict(tf.tensor3d(x, [3, 5, 3])) as tf.Tensor).dataSync());
  const back = fromTfjsArtifacts((await savedArtifacts(built)) as never, 'tfjs gru');
  assert.is(back.layers[0].getConfig().resetAfter, false);
  assertClose(back.predict(tensor(x, [3, 5, 3])).data, Float64Array.from(expected), close, 'imported');
  const keras = new Sequential({ layers: [new GRU({ units: 2, inputShape: [3, 2] })] });
  assert.throws(
    () => toTfjsArtifacts(keras),
    (e: Error) =>
      e instanceof FormatError && /\(GRU\): tfjs-layers cannot run reset_after=True \(tfjs#4621\)/.test(e.message),
  );
});

test.run();
