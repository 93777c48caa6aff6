// Loads the AssemblyScript kernels: the module is compiled once per process and
// instantiated once per model on that model's own shared memory.
import { readFileSync } from 'node:fs';
import { instantiateSync } from '@assemblyscript/loader';

type Ptr = number;
export type Act = (y: Ptr, x: Ptr, n: number, alpha: number) => void;
export type ActGrad = (dx: Ptr, dy: Ptr, x: Ptr, y: Ptr, n: number, alpha: number) => void;
type Gemm = (c: Ptr, a: Ptr, b: Ptr, work: Ptr, M: number, K: number, N: number, accumulate: boolean) => void;
type Loss = (d: Ptr, y: Ptr, t: Ptr, M: number, N: number, scale: number) => number;

/** The kernels' signatures; see assembly/ for what each computes. */
export interface Kernels {
  /** The (shared) memory the kernels run on. */
  memory: WebAssembly.Memory;
  heap_base(): number;
  gemm_work_size(): number;
  gemm_nn: Gemm;
  gemm_tn: Gemm;
  gemm_nt: Gemm;
  bias_forward(y: Ptr, b: Ptr, M: number, N: number): void;
  bias_backward(db: Ptr, dy: Ptr, M: number, N: number): void;
  /** Copies (dst ≠ src); the identity activation. */
  linear_forward: Act;
  linear_backward: ActGrad;
  softmax_forward(y: Ptr, x: Ptr, M: number, N: number): void;
  softmax_backward(dx: Ptr, dy: Ptr, y: Ptr, M: number, N: number): void;
  softmax_cross_entropy_sparse: Loss;
  softmax_cross_entropy: Loss;
  categorical_crossentropy: Loss;
  mean_squared_error: Loss;
  sigmoid_binary_crossentropy: Loss;
  binary_crossentropy: Loss;
  prelu_forward(y: Ptr, x: Ptr, alpha: Ptr, M: number, N: number, shared: boolean): void;
  prelu_backward(dx: Ptr, dalpha: Ptr, dy: Ptr, x: Ptr, alpha: Ptr, M: number, N: number, shared: boolean): void;
  maxout_forward(y: Ptr, idx: Ptr, z: Ptr, M: number, units: number, k: number): void;
  maxout_backward(dz: Ptr, dy: Ptr, idx: Ptr, M: number, units: number, k: number): void;
  dropout_forward(y: Ptr, mask: Ptr, x: Ptr, M: number, N: number, rate: number, seed: number, stream: number, step: number, row0: number, shareRows: boolean, shareCols: boolean): void;
  dropout_backward(dx: Ptr, dy: Ptr, mask: Ptr, n: number): void;
  l1l2_backward(g: Ptr, w: Ptr, n: number, l1: number, l2: number): number;
  sgd_update(w: Ptr, g: Ptr, n: number, lr: number, l1: number, l2: number): number;
  sgd_momentum_update(w: Ptr, v: Ptr, g: Ptr, n: number, lr: number, momentum: number, nesterov: boolean, l1: number, l2: number): number;
  adam_update(w: Ptr, m: Ptr, v: Ptr, g: Ptr, n: number, alpha: number, beta1: number, beta2: number, epsilon: number, l1: number, l2: number): number;
  rmsprop_update(w: Ptr, vel: Ptr, mom: Ptr, avg: Ptr, g: Ptr, n: number, lr: number, rho: number, momentum: number, epsilon: number, centered: boolean, l1: number, l2: number): number;
  adagrad_update(w: Ptr, acc: Ptr, g: Ptr, n: number, lr: number, epsilon: number, l1: number, l2: number): number;
  count_correct_sparse(y: Ptr, labels: Ptr, M: number, N: number): number;
  count_correct_onehot(y: Ptr, t: Ptr, M: number, N: number): number;
  count_correct_binary(y: Ptr, t: Ptr, n: number): number;
  random_uniform(out: Ptr, n: number, seed: number, stream: number, offset: number, lo: number, hi: number): void;
  random_normal(out: Ptr, n: number, seed: number, stream: number, mean: number, std: number, truncate: boolean): void;
  random_permutation(idx: Ptr, n: number, seed: number, stream: number): void;
  fill(p: Ptr, n: number, value: number): void;
  gather_rows(dst: Ptr, src: Ptr, idx: Ptr, rows: number, width: number): void;
  all_finite(p: Ptr, n: number): number;
  accumulate_blocks(dst: Ptr, src: Ptr, count: number, stride: number, n: number): number;
}

/** The elementwise activation kernels <name>_forward / <name>_backward (assembly/activations.ts). */
export function activationKernels(k: Kernels, name: string): { forward: Act; backward: ActGrad } {
  let byName = activationCache.get(k);
  if (!byName) activationCache.set(k, (byName = new Map()));
  let pair = byName.get(name);
  if (!pair) {
    const table = k as unknown as Record<string, Act & ActGrad>;
    pair = { forward: table[`${name}_forward`], backward: table[`${name}_backward`] };
    byName.set(name, pair);
  }
  return pair;
}
const activationCache = new WeakMap<Kernels, Map<string, { forward: Act; backward: ActGrad }>>();

/** Pages of 64 KiB the memory may grow to; the build's --maximumMemory. */
export const MAX_PAGES = 32768;

let compiled: WebAssembly.Module | undefined;
const flavour: 'release' | 'debug' = process.env.SIMDNET_DEBUG_WASM === '1' ? 'debug' : 'release';

/** The compiled module (release build, or the asserting debug build when SIMDNET_DEBUG_WASM=1). */
export function wasmModule(): WebAssembly.Module {
  if (!compiled) {
    const file = flavour === 'debug' ? 'simdnet.debug.wasm' : 'simdnet.wasm';
    compiled = new WebAssembly.Module(readFileSync(new URL(`../build/${file}`, import.meta.url)));
  }
  return compiled;
}

/** Instantiates the kernels on `memory`. */
export function instantiate(memory: WebAssembly.Memory): Kernels {
  const imports = {
    env: {
      memory,
      abort(_msg: number, _file: number, line: number, col: number) {
        throw new Error(`simdnet kernel assertion failed at line ${line}:${col}`);
      },
    },
  };
  return instantiateSync<Record<string, unknown>>(wasmModule(), imports).exports as unknown as Kernels;
}
