// Shared f32x4 helpers: partial loads/stores for tails, horizontal reductions.
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

/**
 * a·b + c. In the relaxed-SIMD build (chosen at load time where the runtime has it) this is
 * f32x4.relaxed_madd, a fused multiply-add on x64 with FMA: one rounding instead of two, so
 * that build's results differ in the last bits from the baseline's, each being deterministic.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Loads r ≤ 4 floats: a full vector when r is 4, else load_tail. */
@inline export function load_part(p: usize, r: i32): v128 {
  return r == 4 ? v128.load(p) : load_tail(p, r);
}

/** Stores r ≤ 4 lanes: a full vector when r is 4, else store_tail. */
@inline export function store_part(p: usize, v: v128, r: i32): void {
  if (r == 4) v128.store(p, v);
  else store_tail(p, v, r);
}
