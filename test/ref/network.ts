// A float64 twin of a Sequential model built from Dense / Activation layers, using
// the kernel twins: forward, loss, and backpropagation by the chain rule.
import * as g from './gemm.js';
import * as a from './activations.js';
import * as l from './losses.js';

export type TwinLayer =
  | { type: 'dense'; w: Float64Array; b: Float64Array; K: number; N: number; act: string }
  | { type: 'act'; N: number; act: string };

export type TwinLoss = 'meanSquaredError' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy';

function act(name: string, y: Float64Array, z: Float64Array, M: number, N: number): void {
  if (name === 'softmax') a.softmax_forward(y, z, M, N);
  else a.activation_forward(name, y, z, M * N, a.ALPHA[name] ?? 0);
}

function actGrad(
  name: string,
  dz: Float64Array,
  dy: Float64Array,
  z: Float64Array,
  y: Float64Array,
  M: number,
  N: number,
): void {
  if (name === 'softmax') a.softmax_backward(dz, dy, y, M, N);
  else a.activation_backward(name, dz, dy, z, M * N, a.ALPHA[name] ?? 0);
}

/** Pre-activations (z) and outputs (y, with x first) of every layer. */
function forwardAll(layers: TwinLayer[], x: Float64Array, M: number): { zs: Float64Array[]; ys: Float64Array[] } {
  const zs: Float64Array[] = [];
  const ys: Float64Array[] = [x];
  for (const layer of layers) {
    const inp = ys[ys.length - 1];
    const z = new Float64Array(M * layer.N);
    if (layer.type === 'dense') {
      g.gemm_nn(z, inp, layer.w, M, layer.K, layer.N, false);
      a.bias_forward(z, layer.b, M, layer.N);
    } else z.set(inp);
    const y = new Float64Array(M * layer.N);
    act(layer.act, y, z, M, layer.N);
    zs.push(z);
    ys.push(y);
  }
  return { zs, ys };
}

/** Mean loss of the network on x(M, K0) and targets; grads (same order as layers: dW, db) when asked. */
export function twinLoss(
  layers: TwinLayer[],
  x: Float64Array,
  M: number,
  t: ArrayLike<number>,
  loss: TwinLoss,
  grads?: Float64Array[],
): number {
  const { zs, ys } = forwardAll(layers, x, M);
  const last = layers[layers.length - 1];
  const N = last.N;
  const out = ys[ys.length - 1];
  let dy = new Float64Array(M * N);
  let sum: number;
  // Cross-entropy after softmax is differentiated through the softmax here (no fusion)
  // so the twin checks the fused kernel independently.
  const targets = loss === 'meanSquaredError' || t.length === M * N ? t : oneHot(t, N);
  if (loss === 'meanSquaredError') sum = l.mean_squared_error(dy, out, targets, M, N, 2 / (M * N)) / N;
  else sum = l.categorical_crossentropy(dy, out, targets, M, N, 1 / M);
  if (!grads) return sum / M;
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    const dz = new Float64Array(M * layer.N);
    actGrad(layer.act, dz, dy, zs[i], ys[i + 1], M, layer.N);
    const K = layer.type === 'dense' ? layer.K : layer.N;
    const dx = new Float64Array(M * K);
    if (layer.type === 'dense') {
      const dw = new Float64Array(layer.K * layer.N),
        db = new Float64Array(layer.N);
      g.gemm_tn(dw, ys[i], dz, layer.K, M, layer.N, false);
      a.bias_backward(db, dz, M, layer.N);
      grads.unshift(dw, db);
      g.gemm_nt(dx, dz, layer.w, M, layer.N, layer.K, false);
    } else dx.set(dz);
    dy = dx;
  }
  return sum / M;
}

function oneHot(labels: ArrayLike<number>, N: number): Float64Array {
  const t = new Float64Array(labels.length * N);
  for (let i = 0; i < labels.length; i++) t[i * N + labels[i]] = 1;
  return t;
}

/** Pre-activations of every layer, to keep test points away from kinks. */
export function twinPreActivations(layers: TwinLayer[], x: Float64Array, M: number): Float64Array[] {
  return forwardAll(layers, x, M).zs;
}
