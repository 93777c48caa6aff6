// Loads the AssemblyScript kernels: the module is compiled once per process and
// instantiated once per model on that model's own shared memory.
import { readFileSync } from 'node:fs';
import { wasmFile } from './paths.js';
import { instantiateSync } from '@assemblyscript/loader';

type Ptr = number;
// Defined (esbuild --define) in the simdnet/infer bundles.
declare const SIMDNET_INFER_ONLY: true | undefined;
export type Act = (y: Ptr, x: Ptr, n: number, alpha: number) => void;
export type ActGrad = (dx: Ptr, dy: Ptr, x: Ptr, y: Ptr, n: number, alpha: number) => void;
export type BiasAct = (y: Ptr, z: Ptr, b: Ptr, M: number, N: number, alpha: number) => void;
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
  crc32_tables(t: Ptr): void;
  crc32_update(crc: number, p: Ptr, n: number, t: Ptr): number;
}

/** The elementwise activation kernels <name>_forward / _backward / _bias_forward (assembly/activations.ts; linear has no fused bias kernel). */
export function activationKernels(k: Kernels, name: string): { forward: Act; backward: ActGrad; biasForward?: BiasAct } {
  let byName = activationCache.get(k);
  if (!byName) activationCache.set(k, (byName = new Map()));
  let pair = byName.get(name);
  if (!pair) {
    const table = k as unknown as Record<string, Act & ActGrad & BiasAct>;
    pair = { forward: table[`${name}_forward`], backward: table[`${name}_backward`], biasForward: table[`${name}_bias_forward`] };
    byName.set(name, pair);
  }
  return pair;
}
const activationCache = new WeakMap<Kernels, Map<string, { forward: Act; backward: ActGrad; biasForward?: BiasAct }>>();

/** Pages of 64 KiB the memory may grow to; the build's --maximumMemory. */
export const MAX_PAGES = 32768;

/** The three builds of assembly/: baseline SIMD, relaxed SIMD (FMA in GEMM), and the debug build with asserts. */
export type Build = 'simd' | 'relaxed-simd' | 'debug';
const FILES: Record<Build, string> = { simd: 'simdnet.wasm', 'relaxed-simd': 'simdnet.relaxed.wasm', debug: 'simdnet.debug.wasm' };

// A module whose one function uses f32x4.relaxed_madd (0xfd 0x85 0x02): it validates where
// the runtime has relaxed SIMD (Node ≥ 22, Deno, Bun; Node 20 with --experimental-wasm-relaxed-simd).
function relaxedSimdSupported(): boolean {
  const zeros = new Array(16).fill(0);
  const body = [0x00, ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...zeros]), 0xfd, 0x85, 0x02, 0x0b];
  const code = [0x01, body.length, ...body];
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00];
  return WebAssembly.validate(new Uint8Array([...header, 0x0a, code.length, ...code]));
}

let chosen: { build: Build; module: WebAssembly.Module; relaxedSimdSupported: boolean; forced: boolean } | undefined;

// Node 20 implements relaxed SIMD behind a V8 flag. Asked for by name (SIMDNET_WASM), simdnet
// turns the flag on itself; V8 flags are process-wide, so it never does so unasked.
function enableRelaxedSimdFlag(): boolean {
  const v8 = (process as { getBuiltinModule?: (id: string) => { setFlagsFromString?: (flags: string) => void } | undefined }).getBuiltinModule?.('node:v8');
  if (!v8?.setFlagsFromString) return false;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdSupported();
}

/**
 * The compiled module: relaxed SIMD where the runtime validates it, else baseline SIMD.
 * SIMDNET_WASM=simd|relaxed-simd|debug forces a build; relaxed-simd on Node 20 turns on V8's
 * flag for it, and where that is impossible it is an error, not a silent fallback.
 */
export function wasmModule(): WebAssembly.Module {
  if (!chosen) {
    const relaxed = relaxedSimdSupported();
    const forced = (process.env.SIMDNET_WASM ?? '') as Build | '';
    if (forced && !(forced in FILES)) throw new Error(`SIMDNET_WASM must be one of ${Object.keys(FILES).join(', ')}, received ${JSON.stringify(forced)}`);
    if (forced === 'relaxed-simd' && !relaxed && !enableRelaxedSimdFlag()) {
      throw new Error('SIMDNET_WASM=relaxed-simd, but this runtime does not support relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)');
    }
    const build: Build = forced || (relaxed ? 'relaxed-simd' : 'simd');
    const module = new WebAssembly.Module(readFileSync(wasmFile(FILES[build])));
    chosen = { build, module, relaxedSimdSupported: relaxed, forced: !!forced };
  }
  return chosen.module;
}

/** Which kernel build this process runs, and why. */
export function backendInfo(): { build: Build; relaxedSimdSupported: boolean; forced: boolean; threads: boolean } {
  wasmModule();
  const { build, relaxedSimdSupported: r, forced } = chosen!;
  return { build, relaxedSimdSupported: r, forced, threads: typeof SharedArrayBuffer === 'function' && typeof Atomics?.waitAsync === 'function' };
}

/**
 * Instantiates the kernels on `memory`. Release builds take only numbers, so they are
 * instantiated directly (the loader's export wrapping costs ~1 ms of a cold start); the
 * debug build goes through @assemblyscript/loader, whose abort hook reads the failed
 * assertion's message and file out of the module's memory (not in the simdnet/infer
 * bundles, which leave the loader out: 5 KB less to parse on a cold start).
 */
export function instantiate(memory: WebAssembly.Memory): Kernels {
  const module = wasmModule();
  if (chosen!.build === 'debug' && typeof SIMDNET_INFER_ONLY === 'undefined') return instantiateSync<Record<string, unknown>>(module, { env: { memory } }).exports as unknown as Kernels;
  const abort = (_msg: number, _file: number, line: number, col: number) => {
    throw new Error(`simdnet kernel assertion failed at line ${line}:${col} (run with SIMDNET_WASM=debug for its message)`);
  };
  return new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as Kernels;
}
