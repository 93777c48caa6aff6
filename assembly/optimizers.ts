// Parameter updates over the whole contiguous parameter block in one call.
// SGD (Keras 3, keras/src/optimizers/sgd.py):
//   momentum = 0:  w ← w − lr·g
//   otherwise:     v ← momentum·v − lr·g;  w ← w + v            (nesterov: w ← w + momentum·v − lr·g)
import { load_tail, store_tail } from "./vec";

/** w(n) −= lr·g(n). */
export function sgd_update(w: usize, g: usize, n: i32, lr: f32): void {
  const l = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(w + o, f32x4.sub(v128.load(w + o), f32x4.mul(l, v128.load(g + o))));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const r = n - i;
    store_tail(w + o, f32x4.sub(load_tail(w + o, r), f32x4.mul(l, load_tail(g + o, r))), r);
  }
}

/** v(n) = momentum·v − lr·g;  w(n) += v, or momentum·v − lr·g when nesterov. */
export function sgd_momentum_update(w: usize, v: usize, g: usize, n: i32, lr: f32, momentum: f32, nesterov: bool): void {
  const l = f32x4.splat(lr);
  const m = f32x4.splat(momentum);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const lg = f32x4.mul(l, v128.load(g + o));
    const vn = f32x4.sub(f32x4.mul(m, v128.load(v + o)), lg);
    v128.store(v + o, vn);
    const step = nesterov ? f32x4.sub(f32x4.mul(m, vn), lg) : vn;
    v128.store(w + o, f32x4.add(v128.load(w + o), step));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const r = n - i;
    const lg = f32x4.mul(l, load_tail(g + o, r));
    const vn = f32x4.sub(f32x4.mul(m, load_tail(v + o, r)), lg);
    store_tail(v + o, vn, r);
    const step = nesterov ? f32x4.sub(f32x4.mul(m, vn), lg) : vn;
    store_tail(w + o, f32x4.add(load_tail(w + o, r), step), r);
  }
}
