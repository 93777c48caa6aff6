import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, SIZES, randoms, assertClose, reduction, maxAbs } from '../helpers.js';
import * as ref from '../ref/gemm.js';
import { packedFloats } from '../../src/layers/layer.js';

const h = new Harness();
type Form = 'gemm_nn' | 'gemm_tn' | 'gemm_nt';
const FORMS: Form[] = ['gemm_nn', 'gemm_tn', 'gemm_nt'];

function check(form: Form, M: number, K: number, N: number, accumulate: boolean, offset = 0): void {
  h.reset();
  const a = randoms(M * K, M * 7 + K);
  const b = randoms(K * N, N * 13 + K);
  const c0 = randoms(M * N, 99);
  const ab = h.buf(a, offset),
    bb = h.buf(b, offset),
    cb = h.buf(c0, offset);
  const work = h.buf(h.k.gemm_work_size());
  h.k[form](cb.ptr, ab.ptr, bb.ptr, work.ptr, M, K, N, accumulate);
  const expected = Float64Array.from(c0);
  ref[form](expected, a, b, M, K, N, accumulate);
  h.checkGuards(work, 'work');
  const tol = reduction(K + 1, Math.max(1, maxAbs(a)), Math.max(1, maxAbs(b)));
  assertClose(h.read(cb), expected, tol, `${form} M=${M} K=${K} N=${N} acc=${accumulate} offset=${offset}`);
}

for (const form of FORMS) {
  test(`${form} matches its float64 twin over edge sizes`, () => {
    for (const M of SIZES) for (const N of SIZES) check(form, M, 9, N, false);
    for (const K of SIZES) check(form, 5, K, 11, false);
  });

  test(`${form} accumulates, handles odd and large sizes, unaligned buffers`, () => {
    check(form, 17, 33, 15, true);
    check(form, 3, 785, 10, false);
    check(form, 10, 785, 3, true);
    check(form, 33, 600, 9, false); // K spans two k-blocks
    check(form, 133, 530, 21, true); // rows span three packed A blocks (64, 64, 5), K two k-blocks, N a partial panel
    check(form, 70, 530, 523, true); // N spans three packed B blocks (256, 256, 11: a last partial panel)
    check(form, 70, 7, 16, false, 2); // K below one 4-wide transpose step, two row blocks, unaligned
    check(form, 13, 31, 7, false, 1);
    check(form, 6, 5, 12, true, 3);
  });

  test(`${form} with K = 0 writes zeros, or leaves c when accumulating`, () => {
    h.reset();
    const c = h.buf([1, 2, 3, 4, 5, 6]);
    const work = h.buf(h.k.gemm_work_size());
    h.k[form](c.ptr, 0, 0, work.ptr, 2, 0, 3, true);
    assert.equal(Array.from(h.read(c)), [1, 2, 3, 4, 5, 6]);
    h.k[form](c.ptr, 0, 0, work.ptr, 2, 0, 3, false);
    assert.equal(Array.from(h.read(c)), [0, 0, 0, 0, 0, 0]);
  });
}

// B packed once (gemm_pack / gemm_pack_t) and used for many products, as a recurrent layer does.
function checkPacked(form: 'gemm_nn' | 'gemm_nt', M: number, K: number, N: number, accumulate: boolean): void {
  h.reset();
  const b = randoms(K * N, N * 5 + K);
  const bb = h.buf(b);
  const work = h.buf(h.k.gemm_work_size());
  const p = h.buf(h.k.gemm_packed_size(K, N));
  if (form === 'gemm_nn') h.k.gemm_pack(p.ptr, bb.ptr, K, N);
  else h.k.gemm_pack_t(p.ptr, bb.ptr, K, N);
  h.checkGuards(p, 'packed B');
  for (const seed of [1, 2]) {
    // two products from one packing
    const a = randoms(M * K, seed * 31 + M);
    const c0 = randoms(M * N, seed);
    const ab = h.buf(a);
    const [cp, cf] = [h.buf(c0), h.buf(c0)];
    h.k.gemm_packed(cp.ptr, ab.ptr, p.ptr, work.ptr, M, K, N, accumulate);
    h.k[form](cf.ptr, ab.ptr, bb.ptr, work.ptr, M, K, N, accumulate);
    const what = `${form} packed M=${M} K=${K} N=${N} acc=${accumulate}`;
    const expected = Float64Array.from(c0);
    ref[form](expected, a, b, M, K, N, accumulate);
    assertClose(h.read(cp), expected, reduction(K + 1, 1, 1), what);
    // The same bits as packing on every call (gemm_nn's path for fewer than 4 rows blocks K differently).
    if (M >= 4 || form === 'gemm_nt' || K <= 512) assert.equal(h.read(cp), h.read(cf), what);
  }
}

test('gemm_packed equals gemm_nn and gemm_nt on B packed once, bit for bit', () => {
  for (const form of ['gemm_nn', 'gemm_nt'] as const) {
    for (const [M, K, N] of [
      [32, 256, 1024],
      [5, 9, 7],
      [70, 530, 523],
      [4, 1, 8],
      [64, 784, 10],
    ])
      for (const acc of [false, true]) checkPacked(form, M, K, N, acc);
    checkPacked(form, 2, 33, 17, true); // fewer rows than a tile
    checkPacked(form, 1, 600, 9, false);
  }
  // The layers plan the packed buffer by packedFloats.
  for (const [K, N] of [
    [1, 1],
    [256, 1024],
    [1024, 256],
    [9, 17],
    [3, 8],
  ])
    assert.is(packedFloats(K, N), h.k.gemm_packed_size(K, N), `${K}×${N}`);
});

test('gemm_nn computes a known product exactly', () => {
  h.reset();
  const a = h.buf([1, 2, 3, 4, 5, 6]); // 2×3
  const b = h.buf([7, 8, 9, 10, 11, 12]); // 3×2
  const c = h.buf(4);
  const work = h.buf(h.k.gemm_work_size());
  h.k.gemm_nn(c.ptr, a.ptr, b.ptr, work.ptr, 2, 3, 2, false);
  assert.equal(Array.from(h.read(c)), [58, 64, 139, 154]);
});

test.run();
