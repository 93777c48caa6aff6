// The ceiling the GEMM kernels are measured against: the 4×8 tile of assembly/gemm.ts
// (8 f32x4 accumulators, 2 vector loads of B and 4 values of A per k step) over panels that
// stay in L1, so nothing but the multiply-adds and their loads is timed. AssemblyScript,
// built by `npm run bench` into build/peak.wasm and build/peak.relaxed.wasm (FMA).
import { madd } from "../../assembly/vec";

const KC: i32 = 256; // A panel 4 KiB + B panel 8 KiB: both in L1

// The tile reads its 4 values of A per k step in one of two ways; V8 versions differ in
// which they compile better (see bench/RESULTS.md), so both are measured.

/**
 * `reps` passes of the tile, A by 4 broadcast loads per k (gemm.ts on V8 ≤ 13); returns a sum so no pass
 * is dead code.
 */
export function peak_splat(p: usize, reps: i32): f32 {
  return passes(p, reps, false);
}

/** The same tile, A by one vector load per k and a lane broadcast (shuffle) per row (gemm.ts on other engines). */
export function peak_shuffle(p: usize, reps: i32): f32 {
  return passes(p, reps, true);
}

// `shuffle` is a constant at both call sites, so each export compiles to one form only.
// @ts-expect-error: decorator
@inline function passes(p: usize, reps: i32, shuffle: bool): f32 {
  const a0 = p, b0 = p + (<usize>KC << 4);
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
  for (let r = 0; r < reps; r++) {
    let a = a0, b = b0;
    for (let k = 0; k < KC; k++) {
      const x0 = v128.load(b), x1 = v128.load(b, 16);
      const av = shuffle ? v128.load(a) : f32x4.splat(0);
      let s = shuffle ? i32x4.shuffle(av, av, 0, 0, 0, 0) : v128.load32_splat(a);
      c0 = madd(s, x0, c0); c1 = madd(s, x1, c1);
      s = shuffle ? i32x4.shuffle(av, av, 1, 1, 1, 1) : v128.load32_splat(a, 4);
      c2 = madd(s, x0, c2); c3 = madd(s, x1, c3);
      s = shuffle ? i32x4.shuffle(av, av, 2, 2, 2, 2) : v128.load32_splat(a, 8);
      c4 = madd(s, x0, c4); c5 = madd(s, x1, c5);
      s = shuffle ? i32x4.shuffle(av, av, 3, 3, 3, 3) : v128.load32_splat(a, 12);
      c6 = madd(s, x0, c6); c7 = madd(s, x1, c7);
      a += 16;
      b += 32;
    }
  }
  return sum8(c0, c1, c2, c3, c4, c5, c6, c7);
}

// @ts-expect-error: decorator
@inline function sum8(c0: v128, c1: v128, c2: v128, c3: v128, c4: v128, c5: v128, c6: v128, c7: v128): f32 {
  const t = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1) + f32x4.extract_lane(t, 2) + f32x4.extract_lane(t, 3);
}

/** Floats per pass the panels need at p. */
export function peak_floats(): i32 {
  return KC * 12;
}

/** Flops of one pass. */
export function peak_flops_per_rep(): i32 {
  return KC * 64;
}
