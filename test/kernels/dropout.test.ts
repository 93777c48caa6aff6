import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, randoms, SIZES } from '../helpers.js';
import * as ref from '../ref/layers.js';

const h = new Harness();

function mask(M: number, N: number, rate: number, seed: number, step: number, row0 = 0, rows = false, cols = false) {
  h.reset();
  const x = h.buf(new Float32Array(M * N).fill(1)),
    y = h.buf(M * N),
    m = h.buf(M * N);
  h.k.dropout_forward(y.ptr, m.ptr, x.ptr, M, N, rate, seed, 7, step, row0, rows, cols);
  return { y: h.read(y), m: h.read(m) };
}

test('dropout keeps 1 − rate of the inputs, scaled by 1/(1 − rate)', () => {
  for (const rate of [0.1, 0.5, 0.9]) {
    const { y, m } = mask(200, 500, rate, 1, 0);
    const kept = m.filter((v) => v !== 0);
    assert.ok(Math.abs(kept.length / m.length - (1 - rate)) < 0.01, `rate ${rate}: kept ${kept.length / m.length}`);
    const scale = Math.fround(1 / Math.fround(1 - Math.fround(rate))); // computed in f32 by the kernel
    assert.ok(
      kept.every((v) => v === scale),
      `scale ${kept[0]} vs ${scale}`,
    );
    assert.equal(Array.from(y), Array.from(m));
  }
  const none = mask(10, 10, 0, 1, 0).m;
  assert.ok(none.every((v) => v === 1));
});

test('masks are keyed by seed, step and row: a shard starting at row0 sees the same rows', () => {
  const full = mask(8, 5, 0.5, 3, 4).m;
  const tail = mask(3, 5, 0.5, 3, 4, 5).m;
  assert.equal(Array.from(tail), Array.from(full.slice(25)));
  assert.not.equal(Array.from(mask(8, 5, 0.5, 3, 5).m), Array.from(full));
  assert.not.equal(Array.from(mask(8, 5, 0.5, 4, 4).m), Array.from(full));
});

test('noise shape: shared rows repeat one mask row; shared columns repeat one value per row', () => {
  const r = mask(6, 7, 0.5, 1, 0, 0, true, false).m;
  for (let i = 1; i < 6; i++) assert.equal(Array.from(r.slice(i * 7, i * 7 + 7)), Array.from(r.slice(0, 7)));
  const c = mask(6, 7, 0.5, 1, 0, 0, false, true).m;
  for (let i = 0; i < 6; i++) assert.ok(c.slice(i * 7, i * 7 + 7).every((v) => v === c[i * 7]));
});

test('dropout_backward multiplies by the mask', () => {
  h.reset();
  const dy = randoms(9, 1);
  const mb = h.buf([0, 2, 2, 0, 2, 0, 0, 2, 2]),
    dyb = h.buf(dy),
    dxb = h.buf(9);
  h.k.dropout_backward(dxb.ptr, dyb.ptr, mb.ptr, 9);
  assert.equal(
    Array.from(h.read(dxb)),
    Array.from(dy, (v, i) => Math.fround(v * [0, 2, 2, 0, 2, 0, 0, 2, 2][i])),
  );
});

test(
  'dropout_forward and _backward equal their twins (the same counter-based draws) over sizes and noise ' + 'shapes',
  () => {
    for (const M of [1, 3, 17]) {
      for (const N of SIZES) {
        for (const [rows, cols] of [
          [false, false],
          [true, false],
          [false, true],
        ]) {
          h.reset();
          const x = randoms(M * N, M * N),
            dy = randoms(M * N, M + N);
          const xb = h.buf(x),
            yb = h.buf(M * N),
            mb = h.buf(M * N),
            dyb = h.buf(dy),
            dxb = h.buf(M * N);
          h.k.dropout_forward(yb.ptr, mb.ptr, xb.ptr, M, N, 0.3, 5, 9, 12, 64, rows, cols);
          h.k.dropout_backward(dxb.ptr, dyb.ptr, mb.ptr, M * N);
          const y = new Float64Array(M * N),
            m = new Float64Array(M * N),
            dx = new Float64Array(M * N);
          ref.dropout_forward(y, m, x, M, N, Math.fround(0.3), 5, 9, 12, 64, rows, cols);
          ref.dropout_backward(dx, dy, m, M * N);
          const what = `M=${M} N=${N} rows=${rows} cols=${cols}`;
          assert.equal(Array.from(h.read(mb)), Array.from(m, Math.fround), `mask ${what}`);
          assert.equal(Array.from(h.read(yb)), Array.from(y, Math.fround), `y ${what}`);
          assert.equal(Array.from(h.read(dxb)), Array.from(dx, Math.fround), `dx ${what}`);
        }
      }
    }
  },
);

test.run();
