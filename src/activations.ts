// Activation functions as the layers see them: a forward and a backward kernel over
// an (M, N) block. All but softmax are elementwise kernels of assembly/activations.ts,
// where the derivative used at every kink and the NaN policy are documented.
import type { Kernels } from './kernels.js';
import { Registry } from './registry.js';
import { ValueError } from './errors.js';

export interface Activation {
  /** Registry name, as written in configs. */
  readonly name: string;
  /** y(M,N) = f(x); y may alias x. */
  forward(k: Kernels, y: number, x: number, M: number, N: number): void;
  /** z(M,N) += b(N), y = f(z) in one pass (z written only if z ≠ y); absent where there is no fused kernel. */
  biasForward?(k: Kernels, y: number, z: number, b: number, M: number, N: number): void;
  /** dx(M,N) = dy·f'(x); dx may alias dy. x may be 0 when `needsInput` is false. */
  backward(k: Kernels, dx: number, dy: number, x: number, y: number, M: number, N: number): void;
  /** Whether backward reads x; when false a layer may overwrite x with y. */
  readonly needsInput: boolean;
  /**
   * The activation maps a row of N values to N/2 (glu): y is (M, N/2), dy too, and dx (M, N)
   * may alias x but not dy.
   */
  readonly halves?: boolean;
}

export const activations = new Registry<Activation>('activation');

type Act = (y: number, x: number, n: number, alpha: number) => void;
type ActGrad = (dx: number, dy: number, x: number, y: number, n: number, alpha: number) => void;
type BiasAct = (y: number, z: number, b: number, M: number, N: number, alpha: number) => void;
type Row = [string, number, boolean, (k: Kernels) => Act, (k: Kernels) => ActGrad, ((k: Kernels) => BiasAct)?];

// `fromOutput`: the derivative is a function of y alone (relu: y > 0 ⇔ x > 0; sigmoid:
// y(1 − y); tanh: 1 − y²), so a layer need not keep x and may compute y in place.
function elementwise([name, alpha, fromOutput, fwd, bwd, biasFwd]: Row): Activation {
  return {
    name,
    needsInput: !fromOutput,
    forward: (k, y, x, M, N) => fwd(k)(y, x, M * N, alpha),
    ...(biasFwd
      ? {
          biasForward: (k: Kernels, y: number, z: number, b: number, M: number, N: number) =>
            biasFwd(k)(y, z, b, M, N, alpha),
        }
      : {}),
    backward: (k, dx, dy, x, y, M, N) => bwd(k)(dx, dy, fromOutput ? y : x, y, M * N, alpha),
  };
}

// [name, alpha, derivative from output alone, kernels]; the kernels are named members of
// Kernels, so a missing one is a compile error. Alphas are Keras defaults (leaky_relu
// negative_slope 0.2, elu alpha 1).
const ELEMENTWISE: Row[] = [
  ['linear', 0, true, (k) => k.linear_forward, (k) => k.linear_backward],
  ['relu', 0, true, (k) => k.relu_forward, (k) => k.relu_backward, (k) => k.relu_bias_forward],
  [
    'leaky_relu',
    0.2,
    true,
    (k) => k.leaky_relu_forward,
    (k) => k.leaky_relu_backward,
    (k) => k.leaky_relu_bias_forward,
  ],
  ['sigmoid', 0, true, (k) => k.sigmoid_forward, (k) => k.sigmoid_backward, (k) => k.sigmoid_bias_forward],
  ['tanh', 0, true, (k) => k.tanh_forward, (k) => k.tanh_backward, (k) => k.tanh_bias_forward],
  ['abs', 0, false, (k) => k.abs_forward, (k) => k.abs_backward, (k) => k.abs_bias_forward],
  ['hard_tanh', 0, false, (k) => k.hard_tanh_forward, (k) => k.hard_tanh_backward, (k) => k.hard_tanh_bias_forward],
  ['softplus', 0, false, (k) => k.softplus_forward, (k) => k.softplus_backward, (k) => k.softplus_bias_forward],
  ['softsign', 0, false, (k) => k.softsign_forward, (k) => k.softsign_backward, (k) => k.softsign_bias_forward],
  ['elu', 1, false, (k) => k.elu_forward, (k) => k.elu_backward, (k) => k.elu_bias_forward],
  ['selu', 0, false, (k) => k.selu_forward, (k) => k.selu_backward, (k) => k.selu_bias_forward],
  ['gelu', 0, false, (k) => k.gelu_forward, (k) => k.gelu_backward, (k) => k.gelu_bias_forward],
  ['gelu_tanh', 0, false, (k) => k.gelu_tanh_forward, (k) => k.gelu_tanh_backward, (k) => k.gelu_tanh_bias_forward],
  ['swish', 0, false, (k) => k.swish_forward, (k) => k.swish_backward, (k) => k.swish_bias_forward],
  ['relu6', 0, false, (k) => k.relu6_forward, (k) => k.relu6_backward, (k) => k.relu6_bias_forward],
  ['cos', 0, false, (k) => k.cos_forward, (k) => k.cos_backward, (k) => k.cos_bias_forward],
  ['rbf', 0, false, (k) => k.rbf_forward, (k) => k.rbf_backward, (k) => k.rbf_bias_forward],
];
for (const row of ELEMENTWISE) activations.register(row[0], elementwise(row));
activations.register('silu', activations.get('swish', 'alias'));
// Keras 3 glu: the last axis split into halves a, b, output a·σ(b) (Dauphin et al. 2017).
activations.register('glu', {
  name: 'glu',
  needsInput: true,
  halves: true,
  forward: (k, y, x, M, N) => k.glu_forward(y, x, M, N),
  backward: (k, dx, dy, x, _y, M, N) => k.glu_backward(dx, dy, x, M, N),
});
activations.register('softmax', {
  name: 'softmax',
  needsInput: false,
  forward: (k, y, x, M, N) => k.softmax_forward(y, x, M, N),
  backward: (k, dx, dy, _x, y, M, N) => k.softmax_backward(dx, dy, y, M, N),
});

/** The activation named `name` (or the object itself); `what` names the argument in errors. */
export function getActivation(name: string | Activation | undefined, what: string): Activation {
  if (name === undefined || name === null) return activations.get('linear', what);
  if (typeof name === 'object') return name;
  return activations.get(name, what);
}

/** Width of the activated output for `n` pre-activation values per row: n/2 for glu (n must be even). */
export function activatedWidth(act: Activation, n: number, what: string): number {
  if (!act.halves) return n;
  if (n % 2 !== 0) throw new ValueError(`${what}: '${act.name}' splits the last axis in halves; ${n} is odd`);
  return n / 2;
}
