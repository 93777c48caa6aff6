// PReLU (He et al. 2015): y = x for x > 0, alpha·x otherwise, alpha learned per
// column (or one alpha shared by all when `shared`). As Keras (relu(x) − alpha·relu(−x)),
// nothing flows at x = 0: dx = 0 and dalpha gets 0 there.
import { load_tail, store_tail } from "./vec";

@inline function alpha_at(alpha: usize, j: i32, shared: bool, r: i32): v128 {
  if (shared) return f32x4.splat(load<f32>(alpha));
  return r == 4 ? v128.load(alpha + (<usize>j << 2)) : load_tail(alpha + (<usize>j << 2), r);
}

/** y(M,N) = x > 0 ? x : alpha·x, alpha(N) or alpha(1) when shared. */
export function prelu_forward(y: usize, x: usize, alpha: usize, M: i32, N: i32, shared: bool): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < M; i++) {
    const row = <usize>i * N << 2;
    for (let j = 0; j < N; j += 4) {
      const r = min(4, N - j);
      const o = row + (<usize>j << 2);
      const v = r == 4 ? v128.load(x + o) : load_tail(x + o, r);
      const out = v128.bitselect(v, f32x4.mul(v, alpha_at(alpha, j, shared, r)), f32x4.gt(v, zero));
      if (r == 4) v128.store(y + o, out);
      else store_tail(y + o, out, r);
    }
  }
}

/** dx(M,N) = x > 0 ? dy : x < 0 ? alpha·dy : 0; dalpha += Σ_rows (x < 0 ? dy·x : 0) (summed to one when shared). */
export function prelu_backward(dx: usize, dalpha: usize, dy: usize, x: usize, alpha: usize,
  M: i32, N: i32, shared: bool): void {
  const zero = f32x4.splat(0);
  let total = f32x4.splat(0);
  for (let j = 0; j < N; j += 4) {
    const r = min(4, N - j);
    const a = alpha_at(alpha, j, shared, r);
    let da = f32x4.splat(0);
    for (let i = 0; i < M; i++) {
      const o = (<usize>i * N + j) << 2;
      const v = r == 4 ? v128.load(x + o) : load_tail(x + o, r);
      const g = r == 4 ? v128.load(dy + o) : load_tail(dy + o, r);
      const neg = f32x4.lt(v, zero);
      const out = v128.or(v128.and(g, f32x4.gt(v, zero)), v128.and(f32x4.mul(g, a), neg));
      if (r == 4) v128.store(dx + o, out);
      else store_tail(dx + o, out, r);
      da = f32x4.add(da, v128.and(f32x4.mul(g, v), neg));
    }
    if (shared) total = f32x4.add(total, da);
    else {
      const q = dalpha + (<usize>j << 2);
      if (r == 4) v128.store(q, f32x4.add(v128.load(q), da));
      else store_tail(q, f32x4.add(load_tail(q, r), da), r);
    }
  }
  if (shared) {
    store<f32>(dalpha, load<f32>(dalpha) + ((f32x4.extract_lane(total, 0) + f32x4.extract_lane(total, 1))
      + (f32x4.extract_lane(total, 2) + f32x4.extract_lane(total, 3))));
  }
}
