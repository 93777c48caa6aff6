// Deno with file access only (`deno run --allow-read`, no --allow-env): simdnet and
// simdnet/infer load, train on the main thread and predict, never asking for the environment.
import { Sequential, Dense, SGD, tensor, modelToBytes } from '../../dist/index.js';
import { modelFromBytes, backendInfo } from '../../dist/infer.bundle.js';

const x = tensor(
  Float32Array.from({ length: 64 * 4 }, (_, i) => Math.cos(i)),
  [64, 4],
);
const y = tensor(
  Float32Array.from({ length: 64 }, (_, i) => i % 2),
  [64],
);
const m = new Sequential({ seed: 1 });
m.add(new Dense({ units: 8, activation: 'relu', inputShape: [4] }));
m.add(new Dense({ units: 1, activation: 'sigmoid' }));
m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'binaryCrossentropy' });
await m.fit(x, y, { epochs: 2, batchSize: 16 });
const a = m.predict(x).data;
const b = modelFromBytes(modelToBytes(m)).predict(x).data;
if (!a.every((v, i) => Object.is(v, b[i]))) throw new Error('predictions differ after a round trip');
console.log(`Deno without --allow-env: trained, saved and predicted (${backendInfo().build})`);
