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
 * db(N) += Σ_rows dy(M,N), or db = Σ_rows dy(M,N) unless add. The column sums start from zero
 * and are added to db once, as a GEMM tile is: adding chunk after chunk equals reducing
 * per-chunk sums. A sum that starts at +0 is never −0, so writing it equals adding it to a
 * zeroed db, bit for bit.
 */
export function bias_backward(db: usize, dy: usize, M: i32, N: i32, add: bool): void {
  let j = 0;
  // 32 columns at a time: eight independent sums per row instead of one chain of adds, and
  // one pass over dy where a conv layer's dy (rows·pixels × filters) is megabytes. Each column
  // is still summed in row order, so the bits are those of the 4-column loop below.
  for (; j + 32 <= N; j += 32) {
    const o = <usize>j << 2;
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    for (let i = 0; i < M; i++) {
      const r = dy + (<usize>i * N << 2) + o;
      s0 = f32x4.add(s0, v128.load(r)); s1 = f32x4.add(s1, v128.load(r, 16));
      s2 = f32x4.add(s2, v128.load(r, 32)); s3 = f32x4.add(s3, v128.load(r, 48));
      s4 = f32x4.add(s4, v128.load(r, 64)); s5 = f32x4.add(s5, v128.load(r, 80));
      s6 = f32x4.add(s6, v128.load(r, 96)); s7 = f32x4.add(s7, v128.load(r, 112));
    }
    const d = db + o;
    if (add) {
      s0 = f32x4.add(v128.load(d), s0); s1 = f32x4.add(v128.load(d, 16), s1);
      s2 = f32x4.add(v128.load(d, 32), s2); s3 = f32x4.add(v128.load(d, 48), s3);
      s4 = f32x4.add(v128.load(d, 64), s4); s5 = f32x4.add(v128.load(d, 80), s5);
      s6 = f32x4.add(v128.load(d, 96), s6); s7 = f32x4.add(v128.load(d, 112), s7);
    }
    v128.store(d, s0); v128.store(d, s1, 16); v128.store(d, s2, 32); v128.store(d, s3, 48);
    v128.store(d, s4, 64); v128.store(d, s5, 80); v128.store(d, s6, 96); v128.store(d, s7, 112);
  }
  for (; j + 4 <= N; j += 4) {
    const o = <usize>j << 2;
    let s = f32x4.splat(0);
    for (let i = 0; i < M; i++) s = f32x4.add(s, v128.load(dy + (<usize>i * N << 2) + o));
    v128.store(db + o, add ? f32x4.add(v128.load(db + o), s) : s);
  }
  if (j < N) {
    const o = <usize>j << 2;
    const r = N - j;
    let s = f32x4.splat(0);
    for (let i = 0; i < M; i++) s = f32x4.add(s, load_tail(dy + (<usize>i * N << 2) + o, r));
    store_tail(db + o, add ? f32x4.add(load_tail(db + o, r), s) : s, r);
  }
}
