// Vector (f32x4) transcendental functions, each from a published polynomial,
// used by activations, softmax and losses. All NaN in → NaN out.

// exp(x) = 2^n · e^r with n = round(x / ln 2), r = x − n·ln 2 split into a hi and
// lo part (Cody–Waite), e^r by the degree-5 minimax polynomial of Cephes expf
// (S. Moshier, Cephes Math Library, expf.c); relative error about 2e-7.
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;
const EXP_HI: f32 = 88.37; // keeps n ≤ 127, so 2^n stays a normal float
const EXP_LO: f32 = -87.3365447504;
const MAGIC: f32 = 12582912; // 1.5·2^23: adding it rounds to an integer kept in the low mantissa bits

/** One Horner step of a polynomial: p·x + c (a multiply, then an add: the same bits in every build). */
@inline function horner(p: v128, x: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(p, x), f32x4.splat(c));
}

/** Lane-wise e^x: +Inf above 88.37, 0 below ~-87.34, NaN stays NaN. */
@inline export function exp4(x: v128): v128 {
  // pmax/pmin (one x64 instruction each; min/max take ~7 for their NaN and ±0 rules): the same
  // clamp for every number, and with x first a NaN still comes through (pmax(a, b) = a < b ? b : a).
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(P0);
  p = horner(p, r, P1);
  p = horner(p, r, P2);
  p = horner(p, r, P3);
  p = horner(p, r, P4);
  p = horner(p, r, P5);
  const r2 = f32x4.mul(r, r);
  p = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1));
  // 2^n built in the exponent field; n is an integer in [-126, 127] after the clamp, so n + 1.5·2^23
  // is exact and holds n + 0x4B400000 as its bits (two instructions; trunc_sat takes ~8 on x64).
  const shifted = f32x4.add(n, f32x4.splat(MAGIC));
  const pow2n = i32x4.shl(i32x4.add(shifted, i32x4.splat(127 - 0x4b400000)), 23);
  let y = f32x4.mul(p, pow2n);
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, f32x4.splat(EXP_HI)));
  y = v128.bitselect(f32x4.splat(0), y, f32x4.lt(x, f32x4.splat(EXP_LO)));
  // A NaN x is NaN still: the clamp passed it through, and so does the arithmetic.
  return y;
}

/** Scalar e^x through the vector path, so scalar callers match the SIMD lanes. */
@inline export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

// log(x) for x > 0: x = m·2^e with m in [√½, √2), log m by the Cephes logf polynomial
// (S. Moshier, Cephes Math Library, logf.c); relative error about 1e-7.
const SQRTHF: f32 = 0.707106781186547524;
const L0: f32 = 7.0376836292e-2;
const L1: f32 = -1.1514610310e-1;
const L2: f32 = 1.1676998740e-1;
const L3: f32 = -1.2420140846e-1;
const L4: f32 = 1.4249322787e-1;
const L5: f32 = -1.6668057665e-1;
const L6: f32 = 2.0000714765e-1;
const L7: f32 = -2.4999993993e-1;
const L8: f32 = 3.3333331174e-1;

/** Lane-wise natural log for positive finite x. */
@inline export function log4(x: v128): v128 {
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  let m = v128.or(v128.and(x, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000)); // [0.5, 1)
  const small = f32x4.lt(m, f32x4.splat(SQRTHF));
  e = f32x4.sub(e, v128.and(small, f32x4.splat(1)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), f32x4.splat(1));
  const z = f32x4.mul(m, m);
  let y = f32x4.splat(L0);
  y = horner(y, m, L1);
  y = horner(y, m, L2);
  y = horner(y, m, L3);
  y = horner(y, m, L4);
  y = horner(y, m, L5);
  y = horner(y, m, L6);
  y = horner(y, m, L7);
  y = horner(y, m, L8);
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(e, f32x4.splat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  return f32x4.add(f32x4.add(m, y), f32x4.mul(e, f32x4.splat(LN2_HI)));
}

// sin and cos: x = k·π/2 + r with |r| ≤ π/4 (three-part Cody–Waite π/2), then the
// Cephes sinf/cosf polynomials on r and the quadrant k mod 4 picks sign and function.
const TWO_OVER_PI: f32 = 0.636619772367581343;
const PIO2_1: f32 = 1.5703125;
const PIO2_2: f32 = 4.837512969970703125e-4;
const PIO2_3: f32 = 7.54978995489188216e-8;

@inline function sin_poly(r: v128, r2: v128): v128 {
  let p = f32x4.splat(-1.9515295891e-4);
  p = f32x4.add(f32x4.mul(p, r2), f32x4.splat(8.3321608736e-3));
  p = f32x4.add(f32x4.mul(p, r2), f32x4.splat(-1.6666654611e-1));
  return f32x4.add(r, f32x4.mul(f32x4.mul(p, r2), r));
}

@inline function cos_poly(r2: v128): v128 {
  let p = f32x4.splat(2.443315711809948e-5);
  p = f32x4.add(f32x4.mul(p, r2), f32x4.splat(-1.388731625493765e-3));
  p = f32x4.add(f32x4.mul(p, r2), f32x4.splat(4.166664568298827e-2));
  return f32x4.add(f32x4.sub(f32x4.splat(1), f32x4.mul(r2, f32x4.splat(0.5))), f32x4.mul(f32x4.mul(p, r2), r2));
}

/** Lane-wise sin (phase 0) or cos (phase 1); accurate for |x| up to about 1e4. */
@inline export function sincos4(x: v128, phase: i32): v128 {
  const k = f32x4.nearest(f32x4.mul(x, f32x4.splat(TWO_OVER_PI)));
  let r = f32x4.sub(x, f32x4.mul(k, f32x4.splat(PIO2_1)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(PIO2_2)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(PIO2_3)));
  const r2 = f32x4.mul(r, r);
  const q = i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(phase));
  const useCos = i32x4.ne(v128.and(q, i32x4.splat(1)), i32x4.splat(0));
  const negate = i32x4.ne(v128.and(q, i32x4.splat(2)), i32x4.splat(0));
  const v = v128.bitselect(cos_poly(r2), sin_poly(r, r2), useCos);
  return v128.xor(v, v128.and(negate, i32x4.splat(<i32>0x80000000)));
}

// erf by Abramowitz & Stegun 7.1.26: 1 − (a1·t + … + a5·t⁵)·e^(−x²), t = 1/(1 + p·|x|),
// absolute error ≤ 1.5e-7; odd symmetry restores the sign.
@inline export function erf4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const t = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), f32x4.mul(ax, f32x4.splat(0.3275911))));
  let p = f32x4.splat(1.061405429);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.453152027));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.421413741));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.284496736));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.254829592));
  p = f32x4.mul(p, t);
  const y = f32x4.sub(f32x4.splat(1), f32x4.mul(p, exp4(f32x4.neg(f32x4.mul(ax, ax)))));
  return v128.or(y, v128.and(x, i32x4.splat(<i32>0x80000000)));
}

/** Lane-wise 1 / (1 + e^-x). */
@inline export function sigmoid4(v: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(v))));
}

// sign(x)·(1 − e^-2|x|) / (1 + e^-2|x|), sign copied so -0 and NaN pass through
@inline export function tanh4(v: v128): v128 {
  const e = exp4(f32x4.mul(f32x4.abs(v), f32x4.splat(-2)));
  const t = f32x4.div(f32x4.sub(f32x4.splat(1), e), f32x4.add(f32x4.splat(1), e));
  return v128.or(t, v128.and(v, i32x4.splat(<i32>0x80000000)));
}
