import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, SIZES, randoms } from '../helpers.js';
import { accumulate_blocks } from '../ref/tensor.js';

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
  const p = h.buf([0.2, 0.6, 0.5, 0.9]),
    t = h.buf([0, 1, 1, 0]);
  assert.is(h.k.count_correct_binary(p.ptr, t.ptr, 4), 2);
});

test('accumulate_blocks adds blocks onto dst in block order, bit for bit as the twin; flags non-finite sums', () => {
  for (const n of SIZES) {
    for (const count of [0, 1, 2, 3]) {
      h.reset();
      const stride = Math.ceil(n / 16) * 16 + 16; // floats between blocks
      const dst0 = Float32Array.from(randoms(n, n + 1, -1e3, 1e3));
      const blocks = Array.from({ length: count }, (_, c) => Float32Array.from(randoms(n, 10 * n + c, -1e3, 1e3)));
      const d = h.buf(dst0);
      const src = h.buf(stride * Math.max(1, count));
      blocks.forEach((b, c) => h.arena.f32.set(b, (src.ptr >> 2) + c * stride));
      const flag = h.k.accumulate_blocks(d.ptr, src.ptr, count, stride * 4, n);
      const want = Float32Array.from(dst0);
      assert.is(flag, accumulate_blocks(want, blocks, count, n));
      const got = h.read(d);
      for (let i = 0; i < n; i++)
        if (got[i] !== want[i])
          assert.unreachable(`n=${n} count=${count} [${i}]: expected ${want[i]}, actual ${got[i]}`);
    }
  }
  h.reset();
  const d = h.buf([1, 2, 3, 4, 5]);
  const s = h.buf([0, 0, 0, 3e38, 0]);
  const t = h.buf([0, 0, 0, 3e38, 0]);
  assert.is(h.k.accumulate_blocks(d.ptr, s.ptr, 2, t.ptr - s.ptr, 5), 0, 'an overflow to Infinity is flagged');
});

test.run();
