// GEMM in the three forms a Dense layer needs (row-major f32):
//   gemm_nn  c(M,N) = a(M,K)·b(K,N)     forward   y  = x·W
//   gemm_tn  c(M,N) = a(K,M)ᵀ·b(K,N)    backward  dW = xᵀ·dy
//   gemm_nt  c(M,N) = a(M,K)·b(N,K)ᵀ    backward  dx = dy·Wᵀ
// One 4×8 register tile (8 f32x4 accumulators: more spill on x64). B is packed
// one 8-column panel of KC rows at a time into `work` (KC·8 floats), zero padded
// past N, so the tile streams it contiguously from L1; A is read by broadcast
// loads with a row stride and a k stride, so one tile serves both a and aᵀ.

import { madd } from "./vec";

const KC: i32 = 512; // k-block: a packed panel is KC·8·4 = 16 KiB, half of L1
// Aᵀ·B reads A down its columns: each k step touches a new cache line of A, which the next
// three row blocks reuse only if KC_T lines of A and the panel fit in L1 together.
const KC_T: i32 = 128;

/** Size in floats of the `work` buffer every gemm_* needs. */
export function gemm_work_size(): i32 {
  return KC * 8;
}

/** c(M,N) = a(M,K)·b(K,N); overwrites c, or adds to it if accumulate. */
export function gemm_nn(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  gemm(c, a, <usize>K << 2, 4, b, N, false, work, M, K, N, accumulate, KC);
}

/** c(M,N) = a(K,M)ᵀ·b(K,N); overwrites c, or adds to it if accumulate. */
export function gemm_tn(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  gemm(c, a, 4, <usize>M << 2, b, N, false, work, M, K, N, accumulate, KC_T);
}

/** c(M,N) = a(M,K)·b(N,K)ᵀ; overwrites c, or adds to it if accumulate. */
export function gemm_nt(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  gemm(c, a, <usize>K << 2, 4, b, K, true, work, M, K, N, accumulate, KC);
}

// a_rs / a_ks: byte strides of A between rows of C and along k.
// b_t: B is stored (N,K) and packed transposed; ldb is its row length in floats.
function gemm(c: usize, a: usize, a_rs: usize, a_ks: usize, b: usize, ldb: i32, b_t: bool,
  work: usize, M: i32, K: i32, N: i32, accumulate: bool, kcMax: i32): void {
  assert(M >= 0 && K >= 0 && N >= 0);
  if (K == 0) {
    if (!accumulate) memory.fill(c, 0, <usize>M * N << 2);
    return;
  }
  for (let k0 = 0; k0 < K; k0 += kcMax) {
    const kc = min(kcMax, K - k0);
    const acc = accumulate || k0 > 0;
    const a_k = a + <usize>k0 * a_ks;
    for (let j = 0; j < N; j += 8) {
      const nc = min(8, N - j);
      if (b_t) pack_b_t(work, b, ldb, k0, kc, j, nc);
      else pack_b(work, b, ldb, k0, kc, j, nc);
      const c_j = c + (<usize>j << 2);
      let i = 0;
      for (; i + 4 <= M; i += 4) {
        gemm_4x8(c_j + (<usize>i * N << 2), N, a_k + <usize>i * a_rs, a_rs, a_ks, work, kc, acc, nc);
      }
      for (; i < M; i++) {
        gemm_1x8(c_j + (<usize>i * N << 2), a_k + <usize>i * a_rs, a_ks, work, kc, acc, nc);
      }
    }
  }
}

/** Packs b(K,N) rows k0..k0+kc, columns j..j+nc into p as kc rows of 8. */
@inline function pack_b(p: usize, b: usize, ldb: i32, k0: i32, kc: i32, j: i32, nc: i32): void {
  let src = b + ((<usize>k0 * ldb + j) << 2);
  const stride = <usize>ldb << 2;
  if (nc == 8) {
    for (let k = 0; k < kc; k++) {
      v128.store(p, v128.load(src));
      v128.store(p, v128.load(src, 16), 16);
      src += stride;
      p += 32;
    }
    return;
  }
  for (let k = 0; k < kc; k++) {
    for (let t = 0; t < 8; t++) {
      store<f32>(p + (<usize>t << 2), t < nc ? load<f32>(src + (<usize>t << 2)) : 0);
    }
    src += stride;
    p += 32;
  }
}

/** Packs b(N,K) rows j..j+nc, columns k0..k0+kc into p as kc rows of 8 (a transpose). */
@inline function pack_b_t(p: usize, b: usize, ldb: i32, k0: i32, kc: i32, j: i32, nc: i32): void {
  for (let t = 0; t < 8; t++) {
    const dst = p + (<usize>t << 2);
    if (t < nc) {
      const src = b + ((<usize>(j + t) * ldb + k0) << 2);
      for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>k << 5), load<f32>(src + (<usize>k << 2)));
    } else {
      for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>k << 5), 0);
    }
  }
}

/** c(4,nc) (+)= a(4,kc)·p(kc,8)[:, :nc]; ldc in floats, strides in bytes. */
@inline function gemm_4x8(c: usize, ldc: i32, a: usize, rs: usize, ks: usize, p: usize, kc: i32, acc: bool, nc: i32): void {
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  let acc1x0123 = f32x4.splat(0), acc1x4567 = f32x4.splat(0);
  let acc2x0123 = f32x4.splat(0), acc2x4567 = f32x4.splat(0);
  let acc3x0123 = f32x4.splat(0), acc3x4567 = f32x4.splat(0);
  const rs2 = rs << 1, rs3 = rs * 3;
  for (let k = 0; k < kc; k++) {
    const b0123 = v128.load(p);
    const b4567 = v128.load(p, 16);
    let x = v128.load32_splat(a);
    acc0x0123 = madd(x, b0123, acc0x0123);
    acc0x4567 = madd(x, b4567, acc0x4567);
    x = v128.load32_splat(a + rs);
    acc1x0123 = madd(x, b0123, acc1x0123);
    acc1x4567 = madd(x, b4567, acc1x4567);
    x = v128.load32_splat(a + rs2);
    acc2x0123 = madd(x, b0123, acc2x0123);
    acc2x4567 = madd(x, b4567, acc2x4567);
    x = v128.load32_splat(a + rs3);
    acc3x0123 = madd(x, b0123, acc3x0123);
    acc3x4567 = madd(x, b4567, acc3x4567);
    a += ks;
    p += 32;
  }
  const ldc4 = <usize>ldc << 2;
  store_row(c, acc0x0123, acc0x4567, acc, nc);
  store_row(c + ldc4, acc1x0123, acc1x4567, acc, nc);
  store_row(c + (ldc4 << 1), acc2x0123, acc2x4567, acc, nc);
  store_row(c + ldc4 * 3, acc3x0123, acc3x4567, acc, nc);
}

/** c(1,nc) (+)= a(1,kc)·p(kc,8)[:, :nc]: the rows left below a multiple of 4. */
@inline function gemm_1x8(c: usize, a: usize, ks: usize, p: usize, kc: i32, acc: bool, nc: i32): void {
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const x = v128.load32_splat(a);
    acc0x0123 = madd(x, v128.load(p), acc0x0123);
    acc0x4567 = madd(x, v128.load(p, 16), acc0x4567);
    a += ks;
    p += 32;
  }
  store_row(c, acc0x0123, acc0x4567, acc, nc);
}

/** Writes (or adds) the first nc of the 8 values lo·hi to c. */
@inline function store_row(c: usize, lo: v128, hi: v128, acc: bool, nc: i32): void {
  if (nc == 8) {
    if (acc) {
      lo = f32x4.add(lo, v128.load(c));
      hi = f32x4.add(hi, v128.load(c, 16));
    }
    v128.store(c, lo);
    v128.store(c, hi, 16);
    return;
  }
  for (let t = 0; t < nc; t++) {
    const v = t < 4 ? lane(lo, t) : lane(hi, t - 4);
    const q = c + (<usize>t << 2);
    store<f32>(q, acc ? load<f32>(q) + v : v);
  }
}

@inline function lane(v: v128, t: i32): f32 {
  if (t == 0) return f32x4.extract_lane(v, 0);
  if (t == 1) return f32x4.extract_lane(v, 1);
  if (t == 2) return f32x4.extract_lane(v, 2);
  return f32x4.extract_lane(v, 3);
}
