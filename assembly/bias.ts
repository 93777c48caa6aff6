// Bias of a Dense layer: broadcast add in forward, column sums in backward.
import { load_tail, store_tail } from "./vec";

/** y(M,N) += b(N) on every row; in place. */
export function bias_forward(y: usize, b: usize, M: i32, N: i32): void {
  for (let i = 0; i < M; i++) {
    const row = y + (<usize>i * N << 2);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(b + o)));
    }
    if (j < N) {
      const o = <usize>j << 2;
      store_tail(row + o, f32x4.add(load_tail(row + o, N - j), load_tail(b + o, N - j)), N - j);
    }
  }
}

/**
 * db(N) += Σ_rows dy(M,N); accumulates. The column sums start from zero and are added to
 * db once, as a GEMM tile is: adding chunk after chunk equals reducing per-chunk sums.
 */
export function bias_backward(db: usize, dy: usize, M: i32, N: i32): void {
  let j = 0;
  for (; j + 4 <= N; j += 4) {
    const o = <usize>j << 2;
    let s = f32x4.splat(0);
    for (let i = 0; i < M; i++) s = f32x4.add(s, v128.load(dy + (<usize>i * N << 2) + o));
    v128.store(db + o, f32x4.add(v128.load(db + o), s));
  }
  if (j < N) {
    const o = <usize>j << 2;
    const r = N - j;
    let s = f32x4.splat(0);
    for (let i = 0; i < M; i++) s = f32x4.add(s, load_tail(dy + (<usize>i * N << 2) + o, r));
    store_tail(db + o, f32x4.add(load_tail(db + o, r), s), r);
  }
}
