// The TypeScript binding of every WASM export, one member per kernel, in the order and with
// the parameter names of assembly/ (written from the compiler's own declaration, asc
// --bindings raw; test/kernels/bindings.test.ts fails if the two differ in any name or
// parameter). Pointers are byte offsets into the model's memory; `boolean` is an AS bool.
import type { LayerKernels } from './kernels-layers.js';

/** The kernels, on one model's memory; see the named assembly/ file for what each computes. */
export interface Kernels extends LayerKernels {
  /** The memory the kernels run on (the model's shared memory, re-exported by the module). */
  readonly memory: WebAssembly.Memory;
  // assembly/index.ts
  heap_base(): number;
  relaxed_build(): boolean;
  // assembly/gemm.ts
  set_tile_form(broadcast: boolean): void;
  set_gemm_columns(columns: number): void;
  gemm_work_size(): number;
  gemm_nn(c: number, a: number, b: number, work: number, M: number, K: number, N: number, accumulate: boolean): void;
  gemm_tn(c: number, a: number, b: number, work: number, M: number, K: number, N: number, accumulate: boolean): void;
  gemm_nt(c: number, a: number, b: number, work: number, M: number, K: number, N: number, accumulate: boolean): void;
  gemm_packed_size(K: number, N: number): number;
  gemm_pack(p: number, b: number, K: number, N: number): void;
  gemm_pack_t(p: number, b: number, K: number, N: number): void;
  gemm_packed(
    c: number,
    a: number,
    p: number,
    work: number,
    M: number,
    K: number,
    N: number,
    accumulate: boolean,
  ): void;
  // assembly/bias.ts
  bias_forward(y: number, b: number, M: number, N: number): void;
  bias_backward(db: number, dy: number, M: number, N: number, add: boolean): void;
  // assembly/activations.ts
  linear_forward(y: number, x: number, n: number, alpha: number): void;
  linear_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  relu_forward(y: number, x: number, n: number, alpha: number): void;
  relu_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  leaky_relu_forward(y: number, x: number, n: number, alpha: number): void;
  leaky_relu_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  sigmoid_forward(y: number, x: number, n: number, alpha: number): void;
  sigmoid_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  tanh_forward(y: number, x: number, n: number, alpha: number): void;
  tanh_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  abs_forward(y: number, x: number, n: number, alpha: number): void;
  abs_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  hard_tanh_forward(y: number, x: number, n: number, alpha: number): void;
  hard_tanh_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  softplus_forward(y: number, x: number, n: number, alpha: number): void;
  softplus_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  softsign_forward(y: number, x: number, n: number, alpha: number): void;
  softsign_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  elu_forward(y: number, x: number, n: number, alpha: number): void;
  elu_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  selu_forward(y: number, x: number, n: number, alpha: number): void;
  selu_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  gelu_forward(y: number, x: number, n: number, alpha: number): void;
  gelu_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  gelu_tanh_forward(y: number, x: number, n: number, alpha: number): void;
  gelu_tanh_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  swish_forward(y: number, x: number, n: number, alpha: number): void;
  swish_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  relu6_forward(y: number, x: number, n: number, alpha: number): void;
  relu6_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  cos_forward(y: number, x: number, n: number, alpha: number): void;
  cos_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  rbf_forward(y: number, x: number, n: number, alpha: number): void;
  rbf_backward(dx: number, dy: number, x: number, y: number, n: number, alpha: number): void;
  relu_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  leaky_relu_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  sigmoid_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  tanh_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  abs_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  hard_tanh_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  softplus_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  softsign_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  elu_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  selu_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  gelu_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  gelu_tanh_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  swish_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  relu6_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  cos_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  rbf_bias_forward(y: number, z: number, b: number, M: number, N: number, alpha: number): void;
  // assembly/softmax.ts
  softmax_forward(y: number, x: number, M: number, N: number): void;
  softmax_backward(dx: number, dy: number, y: number, M: number, N: number): void;
  // assembly/prelu.ts
  prelu_forward(y: number, x: number, alpha: number, M: number, N: number, shared: boolean): void;
  prelu_backward(
    dx: number,
    dalpha: number,
    dy: number,
    x: number,
    alpha: number,
    M: number,
    N: number,
    shared: boolean,
  ): void;
  // assembly/maxout.ts
  maxout_forward(y: number, idx: number, z: number, M: number, units: number, k: number): void;
  maxout_backward(dz: number, dy: number, idx: number, M: number, units: number, k: number): void;
  // assembly/dropout.ts
  dropout_forward(
    y: number,
    mask: number,
    x: number,
    M: number,
    N: number,
    rate: number,
    seed: number,
    stream: number,
    step: number,
    row0: number,
    share_rows: boolean,
    share_cols: boolean,
  ): void;
  dropout_backward(dx: number, dy: number, mask: number, n: number): void;
  // assembly/losses.ts
  softmax_cross_entropy_sparse(dz: number, z: number, labels: number, M: number, N: number, scale: number): number;
  softmax_cross_entropy(dz: number, z: number, t: number, M: number, N: number, scale: number): number;
  categorical_crossentropy(dp: number, p: number, t: number, M: number, N: number, scale: number): number;
  mean_squared_error(dy: number, y: number, t: number, M: number, N: number, scale: number): number;
  sigmoid_binary_crossentropy(dz: number, z: number, t: number, M: number, N: number, scale: number): number;
  binary_crossentropy(dp: number, p: number, t: number, M: number, N: number, scale: number): number;
  // assembly/regularizers.ts
  l1l2_backward(g: number, w: number, n: number, l1: number, l2: number): number;
  // assembly/optimizers.ts
  /** The next updates take g + the count blocks at g + delta + c·stride (bytes) as the gradient. */
  gradient_adds(delta: number, count: number, stride: number): void;
  sgd_update(w: number, g: number, n: number, lr: number, l1: number, l2: number, out: number): number;
  sgd_momentum_update(
    w: number,
    v: number,
    g: number,
    n: number,
    lr: number,
    momentum: number,
    nesterov: boolean,
    l1: number,
    l2: number,
    out: number,
  ): number;
  adam_update(
    w: number,
    m: number,
    v: number,
    g: number,
    n: number,
    alpha: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    l1: number,
    l2: number,
    out: number,
  ): number;
  rmsprop_update(
    w: number,
    vel: number,
    mom: number,
    avg: number,
    g: number,
    n: number,
    lr: number,
    rho: number,
    momentum: number,
    epsilon: number,
    centered: boolean,
    l1: number,
    l2: number,
    out: number,
  ): number;
  adagrad_update(
    w: number,
    acc: number,
    g: number,
    n: number,
    lr: number,
    epsilon: number,
    l1: number,
    l2: number,
    out: number,
  ): number;
  // assembly/metrics.ts
  count_correct_sparse(y: number, labels: number, M: number, N: number): number;
  count_correct_onehot(y: number, t: number, M: number, N: number): number;
  count_correct_binary(y: number, t: number, n: number): number;
  // assembly/random.ts
  random_uniform(out: number, n: number, seed: number, stream: number, offset: number, lo: number, hi: number): void;
  random_normal(
    out: number,
    n: number,
    seed: number,
    stream: number,
    mean: number,
    std: number,
    truncate: boolean,
  ): void;
  random_permutation(idx: number, n: number, seed: number, stream: number): void;
  // assembly/tensor.ts
  fill(p: number, n: number, value: number): void;
  gather_rows(dst: number, src: number, idx: number, rows: number, width: number): void;
  all_finite(p: number, n: number): number;
  accumulate_blocks(dst: number, src: number, count: number, stride: number, n: number): number;
  copy(dst: number, src: number, n: number): void;
  // assembly/checksum.ts
  crc32_tables(t: number): void;
  crc32_update(crc: number, p: number, n: number, t: number): number;
  // assembly/householder.ts
  householder_reflect(x: number, v: number, dots: number, k: number, m: number, n: number, j0: number): void;
}
