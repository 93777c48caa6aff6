// The GEMM shapes every benchmark measures: [kernel, M, K, N, label], c(M,N) from a K-long
// product — 512³, the three products of the reference MLP's first layer at batch 128, and
// those of a wide layer (784-1024-1024-10's second, batch 128), whose 4 MiB weight matrix
// does not fit in L2.
export const SHAPES = [
  ['gemm_nn', 512, 512, 512, 'A·B 512³'],
  ['gemm_tn', 512, 512, 512, 'Aᵀ·B 512³'],
  ['gemm_nt', 512, 512, 512, 'A·Bᵀ 512³'],
  ['gemm_nn', 128, 784, 256, 'y = x·W [128×784]·[784×256]'],
  ['gemm_tn', 784, 128, 256, 'dW = xᵀ·dy [784×128]ᵀ·[128×256]'],
  ['gemm_nt', 128, 256, 784, 'dx = dy·Wᵀ [128×256]·[784×256]ᵀ'],
  ['gemm_nn', 128, 1024, 1024, 'wide y = x·W [128×1024]·[1024×1024]'],
  ['gemm_tn', 1024, 128, 1024, 'wide dW = xᵀ·dy [1024×128]ᵀ·[128×1024]'],
  ['gemm_nt', 128, 1024, 1024, 'wide dx = dy·Wᵀ [128×1024]·[1024×1024]ᵀ'],
];

/** A call of one product on operands allocated (and filled) from `arena`: what every bench times. */
export function gemmCall(arena, form, M, K, N) {
  const a = arena.alloc(M * K, 'a'),
    b = arena.alloc(K * N, 'b'),
    c = arena.alloc(M * N, 'c'),
    work = arena.alloc(arena.k.gemm_work_size(), 'work');
  arena.k.random_uniform(a, M * K, 1, 1, 0, -1, 1);
  arena.k.random_uniform(b, K * N, 1, 2, 0, -1, 1);
  const fn = arena.k[form];
  return () => fn(c, a, b, work, M, K, N, false);
}

/** The shapes as the products pairedShares (peak/measure.mjs) times in turn with the tile peak. */
export function gemmProducts(arena) {
  return SHAPES.map(([form, M, K, N, label]) => ({
    label: `GEMM ${label}`,
    flops: 2 * M * K * N,
    run: gemmCall(arena, form, M, K, N),
  }));
}
