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
// for M = 512 maps every line to the same two L1 sets) out of the tile. The packing: pack.ts.

import { madd } from "./vec";
import { pack_a, pack_a_t, pack_b, pack_b_rows, pack_b_t } from "./pack";

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
  else gemm(c, a, <usize>K << 2, 4, b, N, false, 0, work, M, K, N, accumulate);
}

/** c(M,N) = a(K,M)ᵀ·b(K,N); overwrites c, or adds to it if accumulate. */
export function gemm_tn(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  gemm(c, a, 4, <usize>M << 2, b, N, false, 0, work, M, K, N, accumulate);
}

/** c(M,N) = a(M,K)·b(N,K)ᵀ; overwrites c, or adds to it if accumulate. */
export function gemm_nt(c: usize, a: usize, b: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  gemm(c, a, <usize>K << 2, 4, b, K, true, 0, work, M, K, N, accumulate);
}

// B packed once for many products, as a recurrent layer's kernel serves every step: gemm_nn
// and gemm_nt pack B anew on each call (the LSTM's 256×1,024 kernel, 1 MiB, for a 32-row step).
// The packed form is every k-block's panels in order: block k0 at k0·Npad floats, panel j at
// j·kc within it (Npad: N rounded up to 8) — the panels gemm packs into work, all kept.

/** Floats of B(K,N) packed by gemm_pack / gemm_pack_t. */
export function gemm_packed_size(K: i32, N: i32): i32 {
  return K * ((N + 7) & ~7);
}

/** Packs b(K,N) for gemm_packed: then gemm_packed(c, a, p, …) = gemm_nn(c, a, b, …), bit for bit. */
export function gemm_pack(p: usize, b: usize, K: i32, N: i32): void {
  pack_all(p, b, N, false, K, N);
}

/** Packs b(N,K) for gemm_packed: then gemm_packed(c, a, p, …) = gemm_nt(c, a, b, …), bit for bit. */
export function gemm_pack_t(p: usize, b: usize, K: i32, N: i32): void {
  pack_all(p, b, K, true, K, N);
}

/** c(M,N) = a(M,K)·B, B packed at p by gemm_pack or gemm_pack_t; overwrites c, or adds to it if accumulate. */
export function gemm_packed(c: usize, a: usize, p: usize, work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  gemm(c, a, <usize>K << 2, 4, 0, 0, false, p, work, M, K, N, accumulate);
}

function pack_all(p: usize, b: usize, ldb: i32, b_t: bool, K: i32, N: i32): void {
  const KB = k_block(K), Npad = (N + 7) & ~7;
  for (let k0 = 0; k0 < K; k0 += KB) {
    const kc = min(KB, K - k0);
    for (let j0 = 0; j0 < N; j0 += NC_MAX) {
      pack_block(p + ((<usize>k0 * Npad + <usize>j0 * kc) << 2), b, ldb, b_t, k0, kc, j0, min(NC_MAX, N - j0));
    }
  }
}

/** Packs m4 rows (a multiple of 4) of A from a, stored row-major or transposed (a_rs == 4), into p. */
@inline function pack_a_block(p: usize, a: usize, a_rs: usize, a_ks: usize, m4: i32, kc: i32): void {
  if (a_rs == 4) pack_a_t(p, a, a_ks, m4, kc);
  else pack_a(p, a, a_rs, m4, kc);
}

// Equal k-blocks of at most KC: K = 7,744 (a conv layer's dW) is 16 blocks of 484, not 15 of
// 512 and a last one of 64 whose tiles would spend more on their stores than on their sums.
@inline function k_block(K: i32): i32 {
  return (K + (K + KC - 1) / KC - 1) / ((K + KC - 1) / KC);
}

/** Packs columns j0..j0+nb of k-rows k0..k0+kc of B (stored (N,K) if b_t) into nb/8 panels at p. */
@inline function pack_block(p: usize, b: usize, ldb: i32, b_t: bool, k0: i32, kc: i32, j0: i32, nb: i32): void {
  if (!b_t) pack_b_rows(p, b, ldb, k0, kc, j0, nb);
  else {
    for (let j = 0; j < nb; j += 8) pack_b_t(p + (<usize>j * kc << 2), b, ldb, k0, kc, j0 + j, min(8, nb - j));
  }
}

// a_rs / a_ks: byte strides of A between rows of C and along k (a_rs == 4: A is stored
// transposed, else a_ks == 4). b_t: B is stored (N,K) and packed transposed; ldb is its
// row length in floats. packed: B already packed (gemm_pack), or 0 to pack it into work.
function gemm(c: usize, a: usize, a_rs: usize, a_ks: usize, b: usize, ldb: i32, b_t: bool, packed: usize,
  work: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  assert(M >= 0 && K >= 0 && N >= 0);
  if (K == 0) {
    if (!accumulate) memory.fill(c, 0, <usize>M * N << 2);
    return;
  }
  const ablock = work + (<usize>(KC * NC_MAX) << 2);
  const NC = nc_block;
  const broadcast = broadcast_tile;
  const KB = k_block(K), Npad = (N + 7) & ~7;
  for (let k0 = 0; k0 < K; k0 += KB) {
    const kc = min(KB, K - k0);
    const acc = accumulate || k0 > 0;
    const a_k = a + <usize>k0 * a_ks;
    // One row block (a chunk's rows, a recurrent step's): A packed once for every column block.
    const a_once = M <= MC;
    if (a_once) pack_a_block(ablock, a_k, a_rs, a_ks, M & ~3, kc);
    for (let j0 = 0; j0 < N; j0 += NC) {
      const nb = min(NC, N - j0);
      let panels = work;
      if (packed) panels = packed + ((<usize>k0 * Npad + <usize>j0 * kc) << 2);
      else pack_block(work, b, ldb, b_t, k0, kc, j0, nb);
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = min(MC, M - i0);
        const m4 = mc & ~3;
        const a_i0 = a_k + <usize>i0 * a_rs;
        if (!a_once) pack_a_block(ablock, a_i0, a_rs, a_ks, m4, kc);
        const c_i0 = c + ((<usize>i0 * N + j0) << 2);
        for (let j = 0; j < nb; j += 8) {
          const nc = min(8, nb - j);
          const panel = panels + (<usize>j * kc << 2);
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
