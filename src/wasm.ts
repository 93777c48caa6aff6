// Loads the AssemblyScript kernels: the module is compiled once per process and
// instantiated once per model on that model's own shared memory.
import { readFileSync } from 'node:fs';
import { instantiateSync } from '@assemblyscript/loader';

type Ptr = number;
type Act = (y: Ptr, x: Ptr, n: number, alpha: number) => void;
type ActGrad = (dx: Ptr, dy: Ptr, x: Ptr, y: Ptr, n: number, alpha: number) => void;
type Gemm = (c: Ptr, a: Ptr, b: Ptr, work: Ptr, M: number, K: number, N: number, accumulate: boolean) => void;
type Loss = (d: Ptr, y: Ptr, t: Ptr, M: number, N: number, scale: number) => number;

/** The kernels' signatures; see assembly/ for what each computes. */
export interface Kernels {
  heap_base(): number;
  gemm_work_size(): number;
  gemm_nn: Gemm;
  gemm_tn: Gemm;
  gemm_nt: Gemm;
  bias_forward(y: Ptr, b: Ptr, M: number, N: number): void;
  bias_backward(db: Ptr, dy: Ptr, M: number, N: number): void;
  linear_forward: Act; linear_backward: ActGrad;
  relu_forward: Act; relu_backward: ActGrad;
  leaky_relu_forward: Act; leaky_relu_backward: ActGrad;
  sigmoid_forward: Act; sigmoid_backward: ActGrad;
  tanh_forward: Act; tanh_backward: ActGrad;
  softmax_forward(y: Ptr, x: Ptr, M: number, N: number): void;
  softmax_backward(dx: Ptr, dy: Ptr, y: Ptr, M: number, N: number): void;
  softmax_cross_entropy_sparse: Loss;
  softmax_cross_entropy: Loss;
  categorical_crossentropy: Loss;
  mean_squared_error: Loss;
  sgd_update(w: Ptr, g: Ptr, n: number, lr: number): void;
  sgd_momentum_update(w: Ptr, v: Ptr, g: Ptr, n: number, lr: number, momentum: number, nesterov: boolean): void;
  count_correct_sparse(y: Ptr, labels: Ptr, M: number, N: number): number;
  count_correct_onehot(y: Ptr, t: Ptr, M: number, N: number): number;
  count_correct_binary(y: Ptr, t: Ptr, n: number): number;
  random_uniform(out: Ptr, n: number, seed: number, stream: number, offset: number, lo: number, hi: number): void;
  random_normal(out: Ptr, n: number, seed: number, stream: number, mean: number, std: number, truncate: boolean): void;
  random_permutation(idx: Ptr, n: number, seed: number, stream: number): void;
  fill(p: Ptr, n: number, value: number): void;
  gather_rows(dst: Ptr, src: Ptr, idx: Ptr, rows: number, width: number): void;
  all_finite(p: Ptr, n: number): number;
}

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
