import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, SIZES, randoms } from '../helpers.js';

const h = new Harness();

test('fill writes exactly n floats', () => {
  for (const n of SIZES) {
    h.reset();
    const b = h.buf(n, 1);
    h.k.fill(b.ptr, n, 2.5);
    assert.ok(h.read(b).every((v) => v === 2.5));
  }
});

test('gather_rows copies the indexed rows', () => {
  h.reset();
  const src = h.buf(randoms(5 * 3, 1));
  const idx = h.buf([4, 0, 4, 2], 0, true);
  const dst = h.buf(12);
  h.k.gather_rows(dst.ptr, src.ptr, idx.ptr, 4, 3);
  const s = h.read(src);
  const rows = [4, 0, 4, 2].flatMap((r) => Array.from(s.slice(r * 3, r * 3 + 3)));
  assert.equal(Array.from(h.read(dst)), rows);
});

test('all_finite finds NaN and ±Infinity in the vector part and the tail', () => {
  for (const n of [1, 3, 4, 9]) {
    for (let at = 0; at < n; at++) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        h.reset();
        const x = randoms(n, at);
        const b = h.buf(x);
        assert.is(h.k.all_finite(b.ptr, n), 1);
        h.arena.f32[(b.ptr >> 2) + at] = bad;
        assert.is(h.k.all_finite(b.ptr, n), 0, `n=${n} at=${at} ${bad}`);
      }
    }
  }
  h.reset();
  const big = h.buf([3e38, 3e38, 3e38, 3e38, 3e38]);
  assert.is(h.k.all_finite(big.ptr, 5), 1, 'large finite values are finite');
});

test('accuracy counts: arg-max, ties to the lowest index, binary threshold 0.5', () => {
  h.reset();
  const y = h.buf([0.1, 0.7, 0.2, 0.5, 0.5, 0, NaN, 0.3, 0.2]);
  const labels = h.buf([1, 0, 1], 0, true);
  assert.is(h.k.count_correct_sparse(y.ptr, labels.ptr, 3, 3), 3);
  const onehot = h.buf([0, 1, 0, 0, 0, 1, 1, 0, 0]);
  assert.is(h.k.count_correct_onehot(y.ptr, onehot.ptr, 3, 3), 1);
  const p = h.buf([0.2, 0.6, 0.5, 0.9]), t = h.buf([0, 1, 1, 0]);
  assert.is(h.k.count_correct_binary(p.ptr, t.ptr, 4), 2);
});

test.run();
