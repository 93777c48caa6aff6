// Row-wise softmax, stabilised by subtracting the row maximum before exp.
import { load_tail, store_tail, hsum } from "./vec";
import { row_max, row_exp_sum, row_scale } from "./rows";

/** y(M,N) = softmax of each row of x(M,N); y may alias x. */
export function softmax_forward(y: usize, x: usize, M: i32, N: i32): void {
  for (let i = 0; i < M; i++) {
    const o = <usize>i * N << 2;
    const m = row_max(x + o, N);
    const s = row_exp_sum(y + o, x + o, N, m);
    row_scale(y + o, N, 1 / s);
  }
}

/** dx(M,N) = y ⊙ (dy − ⟨dy, y⟩ per row); dx may alias dy. */
export function softmax_backward(dx: usize, dy: usize, y: usize, M: i32, N: i32): void {
  for (let i = 0; i < M; i++) {
    const o = <usize>i * N << 2;
    let d = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const q = o + (<usize>j << 2);
      d = f32x4.add(d, f32x4.mul(v128.load(dy + q), v128.load(y + q)));
    }
    if (j < N) {
      const q = o + (<usize>j << 2);
      d = f32x4.add(d, f32x4.mul(load_tail(dy + q, N - j), load_tail(y + q, N - j)));
    }
    const dv = f32x4.splat(hsum(d));
    for (j = 0; j + 4 <= N; j += 4) {
      const q = o + (<usize>j << 2);
      v128.store(dx + q, f32x4.mul(v128.load(y + q), f32x4.sub(v128.load(dy + q), dv)));
    }
    if (j < N) {
      const q = o + (<usize>j << 2);
      const r = N - j;
      store_tail(dx + q, f32x4.mul(load_tail(y + q, r), f32x4.sub(load_tail(dy + q, r), dv)), r);
    }
  }
}
