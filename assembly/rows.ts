// Row helpers shared by softmax and the losses (inlined where used; not kernels, so not
// exported from the module: index.ts re-exports kernel files only).
import { load_tail, store_tail, hsum, hmax } from "./vec";
import { exp4 } from "./vmath";

/** Max of row x(N) (N ≥ 1); NaN if any element is NaN. */
@inline export function row_max(x: usize, N: i32): f32 {
  let m = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 4 <= N; j += 4) m = f32x4.max(m, v128.load(x + (<usize>j << 2)));
  let r = hmax(m);
  for (; j < N; j++) r = max(r, load<f32>(x + (<usize>j << 2)));
  return r;
}

/** y(N) = e^(x − m) and returns Σ y; m is the row max. */
@inline export function row_exp_sum(y: usize, x: usize, N: i32, m: f32): f32 {
  const mv = f32x4.splat(m);
  let s = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= N; j += 4) {
    const o = <usize>j << 2;
    const e = exp4(f32x4.sub(v128.load(x + o), mv));
    v128.store(y + o, e);
    s = f32x4.add(s, e);
  }
  if (j < N) {
    const o = <usize>j << 2;
    const e = exp4(f32x4.sub(load_tail(x + o, N - j), mv));
    store_tail(y + o, e, N - j);
    s = f32x4.add(s, v128.and(e, lanes_below(N - j)));
  }
  return hsum(s);
}

/** Mask with all bits set in lanes 0..r-1. */
@inline export function lanes_below(r: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(r));
}

/** y(N) *= s. */
@inline export function row_scale(y: usize, N: i32, s: f32): void {
  const sv = f32x4.splat(s);
  let j = 0;
  for (; j + 4 <= N; j += 4) {
    const o = <usize>j << 2;
    v128.store(y + o, f32x4.mul(v128.load(y + o), sv));
  }
  for (; j < N; j++) {
    const o = <usize>j << 2;
    store<f32>(y + o, f32x4.extract_lane(f32x4.mul(f32x4.splat(load<f32>(y + o)), sv), 0));
  }
}
