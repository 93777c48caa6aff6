// What every runtime test runs, on whichever simdnet it is handed (Node's dist/index.js, the
// web bundle in workerd and Chromium): a saved model's predictions and a training run, as
// bit patterns, so that runtimes can be compared bit for bit.
const N = 384;

export function data(lib) {
  const x = lib.tensor(
    Float32Array.from({ length: N * 12 }, (_, i) => Math.sin(i * 0.37)),
    [N, 12],
  );
  const y = lib.tensor(
    Float32Array.from({ length: N }, (_, i) => i % 3),
    [N],
  );
  return { x, y };
}

/** A small MLP with dropout: training uses every part of a step (masks, momentum, chunks). */
export function model(lib) {
  const m = new lib.Sequential({ seed: 4 });
  m.add(new lib.Dense({ units: 32, activation: 'relu', inputShape: [12] }));
  m.add(new lib.Dropout({ rate: 0.1 }));
  m.add(new lib.Dense({ units: 3, activation: 'softmax' }));
  m.compile({
    optimizer: new lib.SGD({ learningRate: 0.1, momentum: 0.9 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return m;
}

/** A tensor's (or tensors') floats as hex bit patterns, joined. */
export function bits(tensors) {
  const list = Array.isArray(tensors) ? tensors : [tensors];
  return list
    .flatMap((t) => Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length)))
    .map((u) => u.toString(16))
    .join(',');
}

/** Predictions of the saved model in `bytes` on the cases' inputs. */
export function predictCase(lib, bytes) {
  const m = lib.modelFromBytes(bytes);
  return bits(m.predict(data(lib).x));
}

/** Weights after 3 epochs of batches of 128 (2 chunks each) on `workers` threads, and the final loss. */
export async function trainCase(lib, workers) {
  const m = model(lib);
  const { x, y } = data(lib);
  const h = await m.fit(x, y, { epochs: 3, batchSize: 128, workers });
  return { weights: bits(m.getWeights()), loss: h.history.loss.at(-1) };
}
