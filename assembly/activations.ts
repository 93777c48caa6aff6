// Elementwise activations and their derivatives. Every pair has one signature:
//   <name>_forward(y, x, n, alpha)          y = f(x)
//   <name>_backward(dx, dy, x, y, n, alpha)  dx = dy·f'(x)   (x: pre-activation, y: f(x))
// dx may alias dy and y may alias x. alpha is the activation's parameter (unused by most).
// Derivatives at kinks (the value the x > 0 style tests give): relu'(0) = 0,
// leaky_relu'(0) = alpha, abs'(0) = 0, hard_tanh'(±1) = 0, relu6'(0) = relu6'(6) = 0,
// elu'(0) = selu'(0)/scale = alpha·e^0 (left side), as TensorFlow.
// NaN policy: NaN in → NaN out of every forward; backward gives 0 (relu, relu6, hard_tanh,
// abs), alpha·dy (leaky_relu) or NaN (the smooth ones) for a NaN input.
import { load_tail, store_tail } from "./vec";
import { exp4, log4, sincos4, erf4, sigmoid4, tanh4 } from "./vmath";

// The loops below are generic over `kind`; every exported kernel passes a constant,
// so after inlining the optimizer keeps only that kind's branch (no indirect calls).
const RELU = 1, LEAKY_RELU = 2, SIGMOID = 3, TANH = 4, ABS = 5, HARD_TANH = 6, SOFTPLUS = 7,
  SOFTSIGN = 8, ELU = 9, SELU = 10, GELU = 11, GELU_TANH = 12, SWISH = 13, RELU6 = 14, COS = 15, RBF = 16;

// SELU constants (Klambauer et al. 2017, as keras.activations.selu)
const SELU_ALPHA: f32 = 1.67326324235437728481;
const SELU_SCALE: f32 = 1.05070098735548049342;
// GELU: 1/√2, 1/√(2π), and the tanh form's √(2/π) and 0.044715 (Hendrycks & Gimpel 2016)
const INV_SQRT2: f32 = 0.70710678118654752440;
const INV_SQRT_2PI: f32 = 0.39894228040143267794;
const SQRT_2_OVER_PI: f32 = 0.79788456080286535588;
const GELU_C: f32 = 0.044715;

/** 1 where lo < x < hi, else 0 (NaN gives 0). */
@inline function inside(x: v128, lo: f32, hi: f32): v128 {
  return v128.and(v128.and(f32x4.gt(x, f32x4.splat(lo)), f32x4.lt(x, f32x4.splat(hi))), f32x4.splat(1));
}

@inline function gelu_tanh_inner(v: v128): v128 {
  const v3 = f32x4.mul(f32x4.mul(v, v), v);
  return tanh4(f32x4.mul(f32x4.splat(SQRT_2_OVER_PI), f32x4.add(v, f32x4.mul(f32x4.splat(GELU_C), v3))));
}

@inline function fwd(kind: i32, v: v128, a: v128): v128 {
  const zero = f32x4.splat(0), one = f32x4.splat(1), half = f32x4.splat(0.5);
  if (kind == RELU) return f32x4.pmax(v, zero);
  if (kind == LEAKY_RELU) return v128.bitselect(v, f32x4.mul(v, a), f32x4.gt(v, zero));
  if (kind == SIGMOID) return sigmoid4(v);
  if (kind == TANH) return tanh4(v);
  if (kind == ABS) return f32x4.abs(v);
  if (kind == HARD_TANH) return f32x4.pmin(f32x4.pmax(v, f32x4.splat(-1)), one);
  // softplus = max(x, 0) + log(1 + e^-|x|): no overflow for large |x|
  if (kind == SOFTPLUS) return f32x4.add(f32x4.pmax(v, zero), log4(f32x4.add(one, exp4(f32x4.neg(f32x4.abs(v))))));
  if (kind == SOFTSIGN) return f32x4.div(v, f32x4.add(one, f32x4.abs(v)));
  if (kind == ELU) return v128.bitselect(v, f32x4.mul(a, f32x4.sub(exp4(v), one)), f32x4.gt(v, zero));
  if (kind == SELU) {
    const neg = f32x4.mul(f32x4.splat(SELU_ALPHA), f32x4.sub(exp4(v), one));
    return f32x4.mul(f32x4.splat(SELU_SCALE), v128.bitselect(v, neg, f32x4.gt(v, zero)));
  }
  if (kind == GELU) return f32x4.mul(f32x4.mul(half, v), f32x4.add(one, erf4(f32x4.mul(v, f32x4.splat(INV_SQRT2)))));
  if (kind == GELU_TANH) return f32x4.mul(f32x4.mul(half, v), f32x4.add(one, gelu_tanh_inner(v)));
  if (kind == SWISH) return f32x4.mul(v, sigmoid4(v));
  if (kind == RELU6) return f32x4.pmin(f32x4.pmax(v, zero), f32x4.splat(6));
  if (kind == COS) return sincos4(v, 1);
  // RBF: Gaussian e^(−x²)
  return exp4(f32x4.neg(f32x4.mul(v, v)));
}

@inline function bwd(kind: i32, g: v128, x: v128, y: v128, a: v128): v128 {
  const zero = f32x4.splat(0), one = f32x4.splat(1), half = f32x4.splat(0.5);
  if (kind == RELU) return v128.and(g, f32x4.gt(x, zero));
  if (kind == LEAKY_RELU) return v128.bitselect(g, f32x4.mul(g, a), f32x4.gt(x, zero));
  if (kind == SIGMOID) return f32x4.mul(g, f32x4.mul(y, f32x4.sub(one, y)));
  if (kind == TANH) return f32x4.mul(g, f32x4.sub(one, f32x4.mul(y, y)));
  if (kind == ABS) {
    const sign = v128.or(v128.and(f32x4.gt(x, zero), one), v128.and(f32x4.lt(x, zero), f32x4.splat(-1)));
    return f32x4.mul(g, sign);
  }
  if (kind == HARD_TANH) return f32x4.mul(g, inside(x, -1, 1));
  if (kind == SOFTPLUS) return f32x4.mul(g, sigmoid4(x));
  if (kind == SOFTSIGN) {
    const d = f32x4.add(one, f32x4.abs(x));
    return f32x4.div(g, f32x4.mul(d, d));
  }
  if (kind == ELU) return v128.bitselect(g, f32x4.mul(g, f32x4.add(y, a)), f32x4.gt(x, zero));
  if (kind == SELU) {
    const neg = f32x4.add(y, f32x4.splat(SELU_SCALE * SELU_ALPHA));
    return f32x4.mul(g, v128.bitselect(f32x4.splat(SELU_SCALE), neg, f32x4.gt(x, zero)));
  }
  if (kind == GELU) {
    // Φ(x) + x·φ(x)
    const cdf = f32x4.mul(half, f32x4.add(one, erf4(f32x4.mul(x, f32x4.splat(INV_SQRT2)))));
    const pdf = f32x4.mul(f32x4.splat(INV_SQRT_2PI), exp4(f32x4.mul(f32x4.mul(x, x), f32x4.splat(-0.5))));
    return f32x4.mul(g, f32x4.add(cdf, f32x4.mul(x, pdf)));
  }
  if (kind == GELU_TANH) {
    // ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3c·x²)
    const t = gelu_tanh_inner(x);
    const du = f32x4.mul(f32x4.splat(SQRT_2_OVER_PI),
      f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_C), f32x4.mul(x, x))));
    const d = f32x4.add(f32x4.mul(half, f32x4.add(one, t)),
      f32x4.mul(f32x4.mul(f32x4.mul(half, x), f32x4.sub(one, f32x4.mul(t, t))), du));
    return f32x4.mul(g, d);
  }
  if (kind == SWISH) {
    const s = sigmoid4(x);
    return f32x4.mul(g, f32x4.mul(s, f32x4.add(one, f32x4.mul(x, f32x4.sub(one, s)))));
  }
  if (kind == RELU6) return f32x4.mul(g, inside(x, 0, 6));
  if (kind == COS) return f32x4.neg(f32x4.mul(g, sincos4(x, 0)));
  // RBF: −2x·y
  return f32x4.mul(g, f32x4.mul(f32x4.mul(f32x4.splat(-2), x), y));
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

// Dense's bias and activation in one pass: z(M,N) += b(N) row by row, y = fwd(z). z is
// written back only when the layer keeps it (z != y); otherwise y = fwd(z + b) in place. The
// arithmetic is bias_forward's add, then the activation's: results equal the two passes'.
@inline function map_bias_fwd(kind: i32, y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  const a = f32x4.splat(alpha);
  const keep = z != y;
  for (let r = 0; r < M; r++) {
    const row = <usize>r * N << 2;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const o = <usize>j << 2;
      const v = f32x4.add(v128.load(z + row + o), v128.load(b + o));
      if (keep) v128.store(z + row + o, v);
      v128.store(y + row + o, fwd(kind, v, a));
    }
    if (j < N) {
      const o = <usize>j << 2;
      const t = N - j;
      const v = f32x4.add(load_tail(z + row + o, t), load_tail(b + o, t));
      if (keep) store_tail(z + row + o, v, t);
      store_tail(y + row + o, fwd(kind, v, a), t);
    }
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
export function relu_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(RELU, dx, dy, x, y, n, alpha);
}

/** y(n) = x > 0 ? x : alpha·x. */
export function leaky_relu_forward(y: usize, x: usize, n: i32, alpha: f32): void {
  map_fwd(LEAKY_RELU, y, x, n, alpha);
}
/** dx(n) = x > 0 ? dy : alpha·dy. */
export function leaky_relu_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(LEAKY_RELU, dx, dy, x, y, n, alpha);
}

/** y(n) = 1 / (1 + e^-x). */
export function sigmoid_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(SIGMOID, y, x, n, alpha); }
/** dx(n) = dy·y·(1 − y). */
export function sigmoid_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(SIGMOID, dx, dy, x, y, n, alpha);
}

/** y(n) = tanh(x). */
export function tanh_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(TANH, y, x, n, alpha); }
/** dx(n) = dy·(1 − y²). */
export function tanh_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(TANH, dx, dy, x, y, n, alpha);
}

/** y(n) = |x|. */
export function abs_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(ABS, y, x, n, alpha); }
/** dx(n) = dy·sign(x), 0 at 0. */
export function abs_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(ABS, dx, dy, x, y, n, alpha);
}

/** y(n) = clip(x, −1, 1). */
export function hard_tanh_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(HARD_TANH, y, x, n, alpha); }
/** dx(n) = dy where −1 < x < 1, else 0. */
export function hard_tanh_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(HARD_TANH, dx, dy, x, y, n, alpha);
}

/** y(n) = log(1 + e^x). */
export function softplus_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(SOFTPLUS, y, x, n, alpha); }
/** dx(n) = dy·sigmoid(x). */
export function softplus_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(SOFTPLUS, dx, dy, x, y, n, alpha);
}

/** y(n) = x / (1 + |x|). */
export function softsign_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(SOFTSIGN, y, x, n, alpha); }
/** dx(n) = dy / (1 + |x|)². */
export function softsign_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(SOFTSIGN, dx, dy, x, y, n, alpha);
}

/** y(n) = x > 0 ? x : alpha·(e^x − 1). */
export function elu_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(ELU, y, x, n, alpha); }
/** dx(n) = x > 0 ? dy : dy·(y + alpha). */
export function elu_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(ELU, dx, dy, x, y, n, alpha);
}

/** y(n) = scale·elu(x, 1.6733), scale 1.0507. */
export function selu_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(SELU, y, x, n, alpha); }
/** dx(n) = dy·scale or dy·(y + scale·alpha). */
export function selu_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(SELU, dx, dy, x, y, n, alpha);
}

/** y(n) = x·Φ(x) = ½x(1 + erf(x/√2)). */
export function gelu_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(GELU, y, x, n, alpha); }
/** dx(n) = dy·(Φ(x) + x·φ(x)). */
export function gelu_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(GELU, dx, dy, x, y, n, alpha);
}

/** y(n) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function gelu_tanh_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(GELU_TANH, y, x, n, alpha); }
/** dx(n) = dy·d/dx of the same. */
export function gelu_tanh_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(GELU_TANH, dx, dy, x, y, n, alpha);
}

/** y(n) = x·sigmoid(x). */
export function swish_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(SWISH, y, x, n, alpha); }
/** dx(n) = dy·s(1 + x(1 − s)), s = sigmoid(x). */
export function swish_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(SWISH, dx, dy, x, y, n, alpha);
}

/** y(n) = min(max(x, 0), 6). */
export function relu6_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(RELU6, y, x, n, alpha); }
/** dx(n) = dy where 0 < x < 6, else 0. */
export function relu6_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(RELU6, dx, dy, x, y, n, alpha);
}

/** y(n) = cos(x). */
export function cos_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(COS, y, x, n, alpha); }
/** dx(n) = −dy·sin(x). */
export function cos_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(COS, dx, dy, x, y, n, alpha);
}

/** y(n) = e^(−x²) (Gaussian radial basis of the pre-activation). */
export function rbf_forward(y: usize, x: usize, n: i32, alpha: f32): void { map_fwd(RBF, y, x, n, alpha); }
/** dx(n) = −2x·y·dy. */
export function rbf_backward(dx: usize, dy: usize, x: usize, y: usize, n: i32, alpha: f32): void {
  map_bwd(RBF, dx, dy, x, y, n, alpha);
}

// <name>_bias_forward(y, z, b, M, N, alpha): z += b, y = <name>(z) (map_bias_fwd).
export function relu_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(RELU, y, z, b, M, N, alpha);
}
export function leaky_relu_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(LEAKY_RELU, y, z, b, M, N, alpha);
}
export function sigmoid_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(SIGMOID, y, z, b, M, N, alpha);
}
export function tanh_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(TANH, y, z, b, M, N, alpha);
}
export function abs_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(ABS, y, z, b, M, N, alpha);
}
export function hard_tanh_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(HARD_TANH, y, z, b, M, N, alpha);
}
export function softplus_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(SOFTPLUS, y, z, b, M, N, alpha);
}
export function softsign_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(SOFTSIGN, y, z, b, M, N, alpha);
}
export function elu_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(ELU, y, z, b, M, N, alpha);
}
export function selu_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(SELU, y, z, b, M, N, alpha);
}
export function gelu_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(GELU, y, z, b, M, N, alpha);
}
export function gelu_tanh_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(GELU_TANH, y, z, b, M, N, alpha);
}
export function swish_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(SWISH, y, z, b, M, N, alpha);
}
export function relu6_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(RELU6, y, z, b, M, N, alpha);
}
export function cos_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(COS, y, z, b, M, N, alpha);
}
export function rbf_bias_forward(y: usize, z: usize, b: usize, M: i32, N: i32, alpha: f32): void {
  map_bias_fwd(RBF, y, z, b, M, N, alpha);
}
