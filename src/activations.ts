// Activation functions as the layers see them: a forward and a backward kernel over
// an (M, N) block. All but softmax are elementwise kernels of assembly/activations.ts,
// where the derivative used at every kink and the NaN policy are documented.
import { activationKernels, type Kernels } from './wasm.js';
import { Registry } from './registry.js';

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
}

export const activations = new Registry<Activation>('activation');

// `fromOutput`: the derivative is a function of y alone (relu: y > 0 ⇔ x > 0; sigmoid:
// y(1 − y); tanh: 1 − y²), so a layer need not keep x and may compute y in place.
function elementwise(name: string, kernel: string, alpha: number, fromOutput: boolean): Activation {
  return {
    name,
    needsInput: !fromOutput,
    forward: (k, y, x, M, N) => activationKernels(k, kernel).forward(y, x, M * N, alpha),
    ...(kernel === 'linear' ? {} : { biasForward: (k: Kernels, y: number, z: number, b: number, M: number, N: number) => activationKernels(k, kernel).biasForward!(y, z, b, M, N, alpha) }),
    backward: (k, dx, dy, x, y, M, N) => activationKernels(k, kernel).backward(dx, dy, fromOutput ? y : x, y, M * N, alpha),
  };
}

// [name, kernel, alpha, derivative from output alone]; alphas are Keras defaults
// (leaky_relu negative_slope 0.2, elu alpha 1).
const ELEMENTWISE: [string, string, number, boolean][] = [
  ['linear', 'linear', 0, true],
  ['relu', 'relu', 0, true],
  ['leaky_relu', 'leaky_relu', 0.2, true],
  ['sigmoid', 'sigmoid', 0, true],
  ['tanh', 'tanh', 0, true],
  ['abs', 'abs', 0, false],
  ['hard_tanh', 'hard_tanh', 0, false],
  ['softplus', 'softplus', 0, false],
  ['softsign', 'softsign', 0, false],
  ['elu', 'elu', 1, false],
  ['selu', 'selu', 0, false],
  ['gelu', 'gelu', 0, false],
  ['gelu_tanh', 'gelu_tanh', 0, false],
  ['swish', 'swish', 0, false],
  ['relu6', 'relu6', 0, false],
  ['cos', 'cos', 0, false],
  ['rbf', 'rbf', 0, false],
];
for (const [name, kernel, alpha, fromOutput] of ELEMENTWISE) activations.register(name, elementwise(name, kernel, alpha, fromOutput));
activations.register('silu', activations.get('swish', 'alias'));
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
