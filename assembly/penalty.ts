// The L1/L2 penalty and its gradient, lane-wise: shared by the regularizer kernel and the
// optimizers' fused updates (not a kernel itself, so not exported from the module).

/** l1·sign(w) + 2·l2·w, lane-wise. */
@inline export function l1l2_grad(w: v128, l1: v128, l2x2: v128): v128 {
  const sign = v128.or(v128.and(f32x4.gt(w, f32x4.splat(0)), f32x4.splat(1)),
    v128.and(f32x4.lt(w, f32x4.splat(0)), f32x4.splat(-1)));
  return f32x4.add(f32x4.mul(l1, sign), f32x4.mul(l2x2, w));
}

/** l1·|w| + l2·w², lane-wise. */
@inline export function l1l2_value(w: v128, l1: v128, l2: v128): v128 {
  return f32x4.add(f32x4.mul(l1, f32x4.abs(w)), f32x4.mul(l2, f32x4.mul(w, w)));
}
