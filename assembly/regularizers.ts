// L1/L2 weight and activity penalties (Keras: l1·Σ|w| + l2·Σw², gradient
// l1·sign(w) + 2·l2·w with sign(0) = 0). The optimizers fuse the same gradient
// into their update; these kernels serve gradients without an update (activity
// regularizers, computeGradients) and penalties for evaluate.
import { load_tail, store_tail, hsum } from "./vec";
import { l1l2_grad, l1l2_value } from "./penalty";

/** g(n) += l1·sign(w) + 2·l2·w unless g is 0; returns l1·Σ|w| + l2·Σw². */
export function l1l2_backward(g: usize, w: usize, n: i32, l1: f32, l2: f32): f64 {
  const a = f32x4.splat(l1), b = f32x4.splat(l2), b2 = f32x4.splat(2 * l2);
  let acc = f32x4.splat(0);
  let total: f64 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(w + o);
    if (g) v128.store(g + o, f32x4.add(v128.load(g + o), l1l2_grad(v, a, b2)));
    acc = f32x4.add(acc, l1l2_value(v, a, b));
    if ((i & 1023) == 1020) { total += <f64>hsum(acc); acc = f32x4.splat(0); }
  }
  if (i < n) {
    const o = <usize>i << 2;
    const v = load_tail(w + o, n - i);
    if (g) store_tail(g + o, f32x4.add(load_tail(g + o, n - i), l1l2_grad(v, a, b2)), n - i);
    acc = f32x4.add(acc, l1l2_value(v, a, b));
  }
  return total + <f64>hsum(acc);
}
