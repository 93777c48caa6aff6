// One counter-based generator for everything random: value i of stream (seed, stream)
// is SplitMix64's output function applied to key + (i+1)·γ (Steele, Lea & Flood,
// "Fast splittable pseudorandom number generators", OOPSLA 2014). Any draw can be
// recomputed from (seed, stream, i) alone, so results never depend on call order
// or on how work is split over threads.

import { key_of, uniform_at, draw } from "./counter";

/** out(n) = uniform in [lo, hi), draws offset..offset+n of stream (seed, stream). */
export function random_uniform(out: usize, n: i32, seed: u32, stream: u32, offset: f64, lo: f64, hi: f64): void {
  const k = key_of(seed, stream);
  const base = <u64>offset;
  for (let i = 0; i < n; i++) {
    store<f32>(out + (<usize>i << 2), <f32>(lo + (hi - lo) * uniform_at(k, base + <u64>i)));
  }
}

/**
 * out(n) = normal(mean, std) by Box–Muller, element i from draws 2i and 2i+1;
 * with truncate, values beyond 2·std are redrawn from the next pair (Keras truncated normal).
 */
export function random_normal(out: usize, n: i32, seed: u32, stream: u32, mean: f64, std: f64, truncate: bool): void {
  const k = key_of(seed, stream);
  let d: u64 = 0;
  for (let i = 0; i < n; i++) {
    let z: f64;
    do {
      const u1 = 1 - uniform_at(k, d); // (0, 1]: log stays finite
      const u2 = uniform_at(k, d + 1);
      d += 2;
      z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(6.283185307179586 * u2);
    } while (truncate && Math.abs(z) > 2);
    store<f32>(out + (<usize>i << 2), <f32>(mean + std * z));
  }
}

/** idx(n) = a permutation of 0..n-1 (i32) by Fisher–Yates from stream (seed, stream). */
export function random_permutation(idx: usize, n: i32, seed: u32, stream: u32): void {
  const k = key_of(seed, stream);
  for (let i = 0; i < n; i++) store<i32>(idx + (<usize>i << 2), i);
  for (let i = n - 1; i > 0; i--) {
    // j uniform in [0, i] by the high half of a 32×32-bit product (bias below 2^-32·n)
    const j = <i32>(((draw(k, <u64>i) >> 32) * <u64>(i + 1)) >> 32);
    const pi = idx + (<usize>i << 2), pj = idx + (<usize>j << 2);
    const t = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, t);
  }
}
