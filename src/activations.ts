// Activation functions as the layers see them: a forward and a backward kernel over
// an (M, N) block. Most are elementwise kernels of assembly/activations.ts.
import type { Kernels } from './wasm.js';
import { Registry } from './registry.js';

export interface Activation {
  /** Registry name, as written in configs. */
  readonly name: string;
  /** y(M,N) = f(x); y may alias x. */
  forward(k: Kernels, y: number, x: number, M: number, N: number): void;
  /** dx(M,N) = dy·f'(x); dx may alias dy. x may be 0 when `needsInput` is false. */
  backward(k: Kernels, dx: number, dy: number, x: number, y: number, M: number, N: number): void;
  /** Whether backward reads x; when false a layer may overwrite x with y. */
  readonly needsInput: boolean;
}

export const activations = new Registry<Activation>('activation');

// An elementwise activation whose derivative can be computed from its output alone
// (relu: y > 0 ⇔ x > 0; sigmoid: y(1 − y); tanh: 1 − y²), so x need not be kept.
function fromOutput(name: string, kernel: string, alpha = 0): Activation {
  const fwd = `${kernel}_forward` as const;
  const bwd = `${kernel}_backward` as const;
  return {
    name,
    needsInput: false,
    forward: (k, y, x, M, N) => (k as any)[fwd](y, x, M * N, alpha),
    backward: (k, dx, dy, _x, y, M, N) => (k as any)[bwd](dx, dy, y, y, M * N, alpha),
  };
}

activations.register('linear', fromOutput('linear', 'linear'));
activations.register('relu', fromOutput('relu', 'relu'));
// Keras 3 keras.activations.leaky_relu: negative_slope = 0.2
activations.register('leaky_relu', fromOutput('leaky_relu', 'leaky_relu', 0.2));
activations.register('sigmoid', fromOutput('sigmoid', 'sigmoid'));
activations.register('tanh', fromOutput('tanh', 'tanh'));
activations.register('softmax', {
  name: 'softmax',
  needsInput: false,
  forward: (k, y, x, M, N) => k.softmax_forward(y, x, M, N),
  backward: (k, dx, dy, _x, y, M, N) => k.softmax_backward(dx, dy, y, M, N),
});

/** The activation named `name` (or the object itself); `what` names the argument in errors. */
export function getActivation(name: string | Activation | undefined, what: string): Activation {
  if (name === undefined) return activations.get('linear', what);
  if (typeof name === 'object') return name;
  return activations.get(name, what);
}
