// Shared f32x4 helpers: partial loads/stores for tails and a vector exp.
// Tails go through the same vector math as the main loop, so the SIMD and the
// "scalar" part of every elementwise kernel give bit-identical results.

/** Loads r (< 4) floats from p into lanes 0..r-1; other lanes are 0. */
@inline export function load_tail(p: usize, r: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (r > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (r > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores lanes 0..r-1 (r < 4) of v to p; nothing past them is touched. */
@inline export function store_tail(p: usize, v: v128, r: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (r > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (r > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Horizontal sum of the four lanes, in a fixed order. */
@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1))
    + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Horizontal max of the four lanes. */
@inline export function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)),
    max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

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

/** Lane-wise e^x: +Inf above 88.37, 0 below ~-87.34, NaN stays NaN. */
@inline export function exp4(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(P0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  const r2 = f32x4.mul(r, r);
  p = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1));
  // 2^n built in the exponent field; n is in [-126, 127] after the clamp.
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  let y = f32x4.mul(p, pow2n);
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, f32x4.splat(EXP_HI)));
  y = v128.bitselect(f32x4.splat(0), y, f32x4.lt(x, f32x4.splat(EXP_LO)));
  // min/max above turned NaN into NaN already (f32x4.min propagates NaN).
  return y;
}

/** Scalar e^x through the vector path, so scalar callers match the SIMD lanes. */
@inline export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}
