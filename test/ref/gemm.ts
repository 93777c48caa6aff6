// float64 twins of assembly/gemm.ts, same names and argument order (arrays for pointers).
type A = Float64Array | Float32Array | number[];

/** c(M,N) = a(M,K)·b(K,N), or += when accumulate. */
export function gemm_nn(c: Float64Array, a: A, b: A, M: number, K: number, N: number, accumulate: boolean): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * K + k] * b[k * N + j];
      c[i * N + j] = (accumulate ? c[i * N + j] : 0) + s;
    }
}

/** c(M,N) = a(K,M)ᵀ·b(K,N). */
export function gemm_tn(c: Float64Array, a: A, b: A, M: number, K: number, N: number, accumulate: boolean): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[k * M + i] * b[k * N + j];
      c[i * N + j] = (accumulate ? c[i * N + j] : 0) + s;
    }
}

/** c(M,N) = a(M,K)·b(N,K)ᵀ. */
export function gemm_nt(c: Float64Array, a: A, b: A, M: number, K: number, N: number, accumulate: boolean): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * K + k] * b[j * K + k];
      c[i * N + j] = (accumulate ? c[i * N + j] : 0) + s;
    }
}
