// Packing for the GEMM of gemm.ts: A into 4-row blocks stored k-major, B into 8-column
// panels of kc rows, zero padded past N — the layouts its 4×8 tile streams from L1.

// Packing copies PACK_ROWS rows of the source at a time into every block: the rows' lines stay
// in L1 while each destination gets a contiguous run. Writing one row at a time into all
// blocks at once meant 16–32 store streams whose addresses are kc·16 or kc·32 bytes apart —
// the same few L1 sets — for a transposed A and a wide B.
const PACK_ROWS: i32 = 8;

/**
 * Packs columns 0..m4 (a multiple of 4) of A stored transposed (k rows ks bytes apart), k = 0..kc, into p as
 * pack_a does.
 */
@inline export function pack_a_t(p: usize, a: usize, ks: usize, m4: i32, kc: i32): void {
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
@inline export function pack_a(p: usize, a: usize, rs: usize, m4: i32, kc: i32): void {
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
@inline export function pack_b(p: usize, b: usize, ldb: i32, k0: i32, kc: i32, j: i32, nc: i32): void {
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
@inline export function pack_b_rows(p: usize, b: usize, ldb: i32, k0: i32, kc: i32, j0: i32, nb: i32): void {
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
@inline export function pack_b_t(p: usize, b: usize, ldb: i32, k0: i32, kc: i32, j: i32, nc: i32): void {
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
@inline export function transpose4(p: usize, q: usize, rs: usize, ds: usize): void {
  const x0 = v128.load(q), x1 = v128.load(q + rs), x2 = v128.load(q + (rs << 1)), x3 = v128.load(q + rs * 3);
  const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5), t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(p, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(p + ds, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(p + (ds << 1), i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(p + ds * 3, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}
