// GEMM in the three forms a Dense layer needs (row-major f32):
//   gemm_nn  c(M,N) = a(M,K)·b(K,N)     forward   y  = x·W
//   gemm_tn  c(M,N) = a(K,M)ᵀ·b(K,N)    backward  dW = xᵀ·dy
//   gemm_nt  c(M,N) = a(M,K)·b(N,K)ᵀ    backward  dx = dy·Wᵀ
// One 4×8 register tile (8 f32x4 accumulators: more spill on x64). B is packed NC columns
// by kc rows at a time into 8-column panels, zero padded past N; the tile streams a panel
// from L1 for every row block of A.
// A is packed MC rows by kc at a time into 4-row blocks stored k-major; the tile takes its
// 4 values of A at each k in one of two forms that compute the same bits: one vector load and
// four lane shuffles, or four broadcast loads. Engines differ in which runs faster (V8 11–13,
// Node 20–24, on Zen 1 and on an AVX-512 Xeon: broadcasts, by 1.24–1.33×; V8 15 (Deno 2) and
// JavaScriptCore (Bun): shuffles, by 1.1–1.6×: bench/RESULTS.md), so the host picks one per
// process (set_tile_form). Packing Aᵀ too keeps its column walk (a stride of M floats, which
// for M = 512 maps every line to the same two L1 sets) out of the tile.

import { madd } from "./vec";

const KC: i32 = 512; // k-block: a packed B panel is KC·8·4 = 16 KiB, half of L1
const MC: i32 = 64; // rows of A packed at once: MC·KC·4 = 128 KiB, in L2
// Columns of B packed at once (NC/8 panels, KC·NC·4 = 512 KiB at 256, read in order). Each B
// block is packed once and serves every row block of A; packing panel by panel for each row
// block, as before, re-read B M/MC times with a stride of a whole row per 32 bytes: y = x·W
// at N = 1,024 ran at 30.3 GFLOP/s against 36 for narrow layers, 34.3 now (bench/RESULTS.md).
// The host may choose fewer (set_gemm_columns) for a smaller L2; the bits are the same.
const NC_MAX: i32 = 256;
let nc_block: i32 = NC_MAX;

let broadcast_tile = false;

// Packing copies PACK_ROWS rows of the source at a time into every block: the rows' lines stay
// in L1 while each destination gets a contiguous run. Writing one row at a time into all
// blocks at once meant 16–32 store streams whose addresses are kc·16 or kc·32 bytes apart —
// the same few L1 sets — for a transposed A and a wide B.
const PACK_ROWS: i32 = 8;

/** Columns of B packed at once: a multiple of 8 in [8, 256]; the same bits for any. */
export function set_gemm_columns(columns: i32): void {
  assert(columns >= 8 && columns <= NC_MAX && columns % 8 == 0);
  nc_block = columns;
}

/** Chooses the tile's form: A by four broadcast loads (true) or one load and shuffles (false). */
export function set_tile_form(broadcast: bool): void {
  broadcast_tile = broadcast;
}

/** Size in floats of the `work` buffer every gemm_* needs: a B panel, then an A block. */
export function gemm_work_size(): i32 {
  return KC * NC_MAX + MC * KC;
}

/** c(M,N) = a(M,K)·b(K,N); overwrites c, or adds to it if accumulate. */
export function gemm_nn(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  if (M < 4 && K > 0) gemm_few_rows(c, a, b, work, M, K, N, accumulate);
  else gemm(c, a, <usize>K << 2, 4, b, N, false, work, M, K, N, accumulate);
}

/** c(M,N) = a(K,M)ᵀ·b(K,N); overwrites c, or adds to it if accumulate. */
export function gemm_tn(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  gemm(c, a, 4, <usize>M << 2, b, N, false, work, M, K, N, accumulate);
}

/** c(M,N) = a(M,K)·b(N,K)ᵀ; overwrites c, or adds to it if accumulate. */
export function gemm_nt(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  gemm(c, a, <usize>K << 2, 4, b, K, true, work, M, K, N, accumulate);
}

// a_rs / a_ks: byte strides of A between rows of C and along k (a_rs == 4: A is stored
// transposed, else a_ks == 4). b_t: B is stored (N,K) and packed transposed; ldb is its
// row length in floats.
function gemm(c: usize, a: usize, a_rs: usize, a_ks: usize, b: usize, ldb: i32, b_t: bool,
  work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  assert(M >= 0 && K >= 0 && N >= 0);
  if (K == 0) {
    if (!accumulate) memory.fill(c, 0, <usize>M * N << 2);
    return;
  }
  const ablock = work + (<usize>(KC * NC_MAX) << 2);
  const NC = nc_block;
  const broadcast = broadcast_tile;
  // Equal k-blocks of at most KC: K = 7,744 (a conv layer's dW) is 16 blocks of 484, not 15 of
  // 512 and a last one of 64 whose tiles would spend more on their stores than on their sums.
  const KB = (K + (K + KC - 1) / KC - 1) / ((K + KC - 1) / KC);
  for (let k0 = 0; k0 < K; k0 += KB) {
    const kc = min(KB, K - k0);
    const acc = accumulate || k0 > 0;
    const a_k = a + <usize>k0 * a_ks;
    for (let j0 = 0; j0 < N; j0 += NC) {
      const nb = min(NC, N - j0);
      if (!b_t) pack_b_rows(work, b, ldb, k0, kc, j0, nb);
      else {
        for (let j = 0; j < nb; j += 8) pack_b_t(work + (<usize>j * kc << 2), b, ldb, k0, kc, j0 + j, min(8, nb - j));
      }
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = min(MC, M - i0);
        const m4 = mc & ~3;
        const a_i0 = a_k + <usize>i0 * a_rs;
        if (a_rs == 4) pack_a_t(ablock, a_i0, a_ks, m4, kc);
        else pack_a(ablock, a_i0, a_rs, m4, kc);
        const c_i0 = c + ((<usize>i0 * N + j0) << 2);
        for (let j = 0; j < nb; j += 8) {
          const nc = min(8, nb - j);
          const panel = work + (<usize>j * kc << 2);
          const c_j = c_i0 + (<usize>j << 2);
          let i = 0;
          for (; i < m4; i += 4) {
            const ci = c_j + (<usize>i * N << 2), ai = ablock + (<usize>i * kc << 2);
            if (broadcast) tile_broadcast(ci, N, ai, panel, kc, acc, nc);
            else tile_shuffle(ci, N, ai, panel, kc, acc, nc);
          }
          for (; i < mc; i++) gemm_1x8(c_j + (<usize>i * N << 2), a_i0 + <usize>i * a_rs, a_ks, panel, 32, kc, acc, nc);
        }
      }
    }
  }
}

// c(M,N) (+)= a(M,K)·b(K,N) for M < 4, as in predicting one sample: each panel of B would
// serve a single row, so packing it would cost as much as the product; full panels are read
// in place. (Dispatched from gemm_nn, not inside gemm: JavaScriptCore ran the main loop 10 %
// slower with the branch there.)
function gemm_few_rows(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  assert(M >= 0 && N >= 0);
  const lda = <usize>K << 2, ldb = <usize>N << 2;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const acc = accumulate || k0 > 0;
    for (let j = 0; j < N; j += 8) {
      const nc = min(8, N - j);
      let p = b + <usize>k0 * ldb + (<usize>j << 2), ps = ldb;
      if (nc < 8) {
        pack_b(work, b, N, k0, kc, j, nc);
        p = work;
        ps = 32;
      }
      for (let i = 0; i < M; i++) {
        gemm_1x8(c + ((<usize>i * N + j) << 2), a + <usize>i * lda + (<usize>k0 << 2), 4, p, ps, kc, acc, nc);
      }
    }
  }
}

/**
 * Packs columns 0..m4 (a multiple of 4) of A stored transposed (k rows ks bytes apart), k = 0..kc, into p as
 * pack_a does.
 */
@inline function pack_a_t(p: usize, a: usize, ks: usize, m4: i32, kc: i32): void {
  const block = <usize>kc << 4; // bytes per 4-row block
  for (let k0 = 0; k0 < kc; k0 += PACK_ROWS) {
    const kr = min(PACK_ROWS, kc - k0);
    for (let i = 0; i < m4; i += 4) {
      let src = a + <usize>k0 * ks + (<usize>i << 2);
      let dst = p + (<usize>(i >> 2)) * block + (<usize>k0 << 4);
      for (let k = 0; k < kr; k++) {
        v128.store(dst, v128.load(src));
        src += ks;
        dst += 16;
      }
    }
  }
}

/**
 * Packs rows 0..m4 (a multiple of 4; row stride rs bytes), columns 0..kc of a row-major A into p: 4-row blocks of
 * kc×4, k-major.
 */
@inline function pack_a(p: usize, a: usize, rs: usize, m4: i32, kc: i32): void {
  for (let i = 0; i < m4; i += 4) {
    const r0 = a + <usize>i * rs, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs;
    let k = 0;
    for (; k + 4 <= kc; k += 4) {
      transpose4(p, r0 + (<usize>k << 2), rs, 16);
      p += 64;
    }
    for (; k < kc; k++) {
      const o = <usize>k << 2;
      store<f32>(p, load<f32>(r0 + o));
      store<f32>(p, load<f32>(r1 + o), 4);
      store<f32>(p, load<f32>(r2 + o), 8);
      store<f32>(p, load<f32>(r3 + o), 12);
      p += 16;
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

/**
 * Packs b(K,N) rows k0..k0+kc, columns j0..j0+nb into nb/8 panels of kc rows of 8 (panel j/8 at
 * p + j·kc floats), walking B along its rows so that every cache line is read once, in order.
 */
@inline function pack_b_rows(p: usize, b: usize, ldb: i32, k0: i32, kc: i32, j0: i32, nb: i32): void {
  const full = nb & ~7;
  const stride = <usize>ldb << 2;
  for (let k1 = 0; k1 < kc; k1 += PACK_ROWS) {
    const kr = min(PACK_ROWS, kc - k1);
    for (let j = 0; j < full; j += 8) {
      let src = b + ((<usize>(k0 + k1) * ldb + j0 + j) << 2);
      let dst = p + ((<usize>j * kc + (k1 << 3)) << 2);
      for (let k = 0; k < kr; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += stride;
        dst += 32;
      }
    }
  }
  if (full < nb) pack_b(p + (<usize>full * kc << 2), b, ldb, k0, kc, j0 + full, nb - full);
}

/** Packs b(N,K) rows j..j+nc, columns k0..k0+kc into p as kc rows of 8 (a transpose). */
@inline function pack_b_t(p: usize, b: usize, ldb: i32, k0: i32, kc: i32, j: i32, nc: i32): void {
  let k = 0;
  if (nc == 8) { // two 4×4 transposes per 4 k: rows j..j+3 give lanes 0–3, rows j+4..j+7 lanes 4–7
    const rs = <usize>ldb << 2;
    const r0 = b + ((<usize>j * ldb + k0) << 2);
    for (; k + 4 <= kc; k += 4) {
      const q = r0 + (<usize>k << 2);
      transpose4(p, q, rs, 32);
      transpose4(p + 16, q + (rs << 2), rs, 32);
      p += 128;
    }
  }
  for (let t = 0; t < 8; t++) {
    const dst = p + (<usize>t << 2);
    if (t < nc) {
      const src = b + ((<usize>(j + t) * ldb + k0 + k) << 2);
      for (let kk = k; kk < kc; kk++) store<f32>(dst + (<usize>(kk - k) << 5), load<f32>(src + (<usize>(kk - k) << 2)));
    } else {
      for (let kk = k; kk < kc; kk++) store<f32>(dst + (<usize>(kk - k) << 5), 0);
    }
  }
}

/** Stores the 4×4 block at q (row stride rs bytes) transposed, by shuffles: its column t goes to p + t·ds. */
@inline function transpose4(p: usize, q: usize, rs: usize, ds: usize): void {
  const x0 = v128.load(q), x1 = v128.load(q + rs), x2 = v128.load(q + (rs << 1)), x3 = v128.load(q + rs * 3);
  const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5), t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(p, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(p + ds, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(p + (ds << 1), i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(p + ds * 3, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

// The two forms of the tile: `broadcast` is a constant in each, so each compiles to one form.
function tile_shuffle(c: usize, ldc: i32, a: usize, p: usize, kc: i32, acc: bool, nc: i32): void {
  gemm_4x8(c, ldc, a, p, kc, acc, nc, false);
}

function tile_broadcast(c: usize, ldc: i32, a: usize, p: usize, kc: i32, acc: bool, nc: i32): void {
  gemm_4x8(c, ldc, a, p, kc, acc, nc, true);
}

/**
 * c(4,nc) (+)= a·p(kc,8)[:, :nc] where a is a packed 4-row block: the tile's 4 values of A
 * at step k are the floats at a + 16·k, read as one vector or as four broadcasts.
 */
@inline function gemm_4x8(c: usize, ldc: i32, a: usize, p: usize, kc: i32, acc: bool, nc: i32,
  broadcast: bool): void {
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  let acc1x0123 = f32x4.splat(0), acc1x4567 = f32x4.splat(0);
  let acc2x0123 = f32x4.splat(0), acc2x4567 = f32x4.splat(0);
  let acc3x0123 = f32x4.splat(0), acc3x4567 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0123 = v128.load(p);
    const b4567 = v128.load(p, 16);
    const av = broadcast ? f32x4.splat(0) : v128.load(a);
    let x = broadcast ? v128.load32_splat(a) : i32x4.shuffle(av, av, 0, 0, 0, 0);
    acc0x0123 = madd(x, b0123, acc0x0123);
    acc0x4567 = madd(x, b4567, acc0x4567);
    x = broadcast ? v128.load32_splat(a, 4) : i32x4.shuffle(av, av, 1, 1, 1, 1);
    acc1x0123 = madd(x, b0123, acc1x0123);
    acc1x4567 = madd(x, b4567, acc1x4567);
    x = broadcast ? v128.load32_splat(a, 8) : i32x4.shuffle(av, av, 2, 2, 2, 2);
    acc2x0123 = madd(x, b0123, acc2x0123);
    acc2x4567 = madd(x, b4567, acc2x4567);
    x = broadcast ? v128.load32_splat(a, 12) : i32x4.shuffle(av, av, 3, 3, 3, 3);
    acc3x0123 = madd(x, b0123, acc3x0123);
    acc3x4567 = madd(x, b4567, acc3x4567);
    a += 16;
    p += 32;
  }
  const ldc4 = <usize>ldc << 2;
  store_row(c, acc0x0123, acc0x4567, acc, nc);
  store_row(c + ldc4, acc1x0123, acc1x4567, acc, nc);
  store_row(c + (ldc4 << 1), acc2x0123, acc2x4567, acc, nc);
  store_row(c + ldc4 * 3, acc3x0123, acc3x4567, acc, nc);
}

/** c(1,nc) (+)= a(1,kc)·p(kc,8)[:, :nc] (rows ps bytes apart): the rows left below a multiple of 4. */
@inline function gemm_1x8(c: usize, a: usize, ks: usize, p: usize, ps: usize, kc: i32, acc: bool, nc: i32): void {
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const x = v128.load32_splat(a);
    acc0x0123 = madd(x, v128.load(p), acc0x0123);
    acc0x4567 = madd(x, v128.load(p, 16), acc0x4567);
    a += ks;
    p += ps;
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
