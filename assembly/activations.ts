// Elementwise activations and their derivatives. Every pair has one signature:
//   <name>_forward(y, x, n, alpha)          y = f(x)
//   <name>_backward(dx, dy, x, y, n, alpha)  dx = dy·f'(x)   (x: pre-activation, y: f(x))
// dx may alias dy and y may alias x. alpha is the activation's parameter (unused by most).
// Kinks: relu'(0) = 0, leaky_relu'(0) = alpha (the x > 0 test fails at 0), as in TF.
// NaN policy: a NaN input gives a NaN output in forward (pmax/pmin keep their first
// operand when the comparison is false) and a gradient of 0 or alpha through relu/leaky.
import { load_tail, store_tail, exp4 } from "./vec";

// The loops below are generic over `kind`; every exported kernel passes a constant,
// so after inlining the optimizer keeps only that kind's branch (no indirect calls).
const RELU = 1, LEAKY_RELU = 2, SIGMOID = 3, TANH = 4;

@inline function fwd(kind: i32, v: v128, a: v128): v128 {
  if (kind == RELU) return f32x4.pmax(v, f32x4.splat(0));
  if (kind == LEAKY_RELU) return v128.bitselect(v, f32x4.mul(v, a), f32x4.gt(v, f32x4.splat(0)));
  if (kind == SIGMOID) return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(v))));
  // TANH: sign(x)·(1 − e^-2|x|) / (1 + e^-2|x|), sign copied so -0 and NaN pass through
  const e = exp4(f32x4.mul(f32x4.abs(v), f32x4.splat(-2)));
  const t = f32x4.div(f32x4.sub(f32x4.splat(1), e), f32x4.add(f32x4.splat(1), e));
  return v128.or(t, v128.and(v, i32x4.splat(<i32>0x80000000)));
}

@inline function bwd(kind: i32, g: v128, x: v128, y: v128, a: v128): v128 {
  if (kind == RELU) return v128.and(g, f32x4.gt(x, f32x4.splat(0)));
  if (kind == LEAKY_RELU) return v128.bitselect(g, f32x4.mul(g, a), f32x4.gt(x, f32x4.splat(0)));
  if (kind == SIGMOID) return f32x4.mul(g, f32x4.mul(y, f32x4.sub(f32x4.splat(1), y)));
  // TANH
  return f32x4.mul(g, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
}

// y = fwd(x) over n floats in 4-lane steps; the tail goes through the same vector math.
@inline function map_fwd(kind: i32, y: usize, x: usize, n: i32, alpha: f32): void {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, fwd(kind, v128.load(x + o), a));
  }
  if (i < n) {
    const o = <usize>i << 2;
    store_tail(y + o, fwd(kind, load_tail(x + o, n - i), a), n - i);
  }
}

// dx = bwd(dy, x, y) over n floats.
@inline function map_bwd(kind: i32, dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, bwd(kind, v128.load(dy + o), v128.load(x + o), v128.load(y + o), a));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const r = n - i;
    store_tail(dx + o, bwd(kind, load_tail(dy + o, r), load_tail(x + o, r), load_tail(y + o, r), a), r);
  }
}

/** y(n) = x; a copy unless y == x. */
export function linear_forward(y: usize, x: usize, n: i32, alpha: f32): void {
  if (y != x) memory.copy(y, x, <usize>n << 2);
}
/** dx(n) = dy. */
export function linear_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  if (dx != dy) memory.copy(dx, dy, <usize>n << 2);
}

/** y(n) = max(x, 0). */
export function relu_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(RELU, y, x, n, alpha); }
/** dx(n) = x > 0 ? dy : 0. */
export function relu_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void { map_bwd(RELU, dx, dy, x, y, n, alpha); }

/** y(n) = x > 0 ? x : alpha·x. */
export function leaky_relu_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(LEAKY_RELU, y, x, n, alpha); }
/** dx(n) = x > 0 ? dy : alpha·dy. */
export function leaky_relu_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void { map_bwd(LEAKY_RELU, dx, dy, x, y, n, alpha); }

/** y(n) = 1 / (1 + e^-x). */
export function sigmoid_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(SIGMOID, y, x, n, alpha); }
/** dx(n) = dy·y·(1 − y). */
export function sigmoid_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void { map_bwd(SIGMOID, dx, dy, x, y, n, alpha); }

/** y(n) = tanh(x). */
export function tanh_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(TANH, y, x, n, alpha); }
/** dx(n) = dy·(1 − y²). */
export function tanh_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void { map_bwd(TANH, dx, dy, x, y, n, alpha); }
