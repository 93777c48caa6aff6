import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, SIZES, randoms, assertClose, elementwise } from '../helpers.js';
import * as ref from '../ref/layers.js';

const h = new Harness();

test('l1l2_backward matches the twin: gradient added, penalty returned', () => {
  for (const [l1, l2] of [
    [0.01, 0],
    [0, 0.02],
    [0.003, 0.05],
  ]) {
    for (const n of [...SIZES, 785, 5000]) {
      h.reset();
      const w = randoms(n, n),
        g0 = randoms(n, n + 1);
      const wb = h.buf(w),
        gb = h.buf(g0, 1);
      const penalty = h.k.l1l2_backward(gb.ptr, wb.ptr, n, l1, l2);
      const eg = Float64Array.from(g0);
      const ep = ref.l1l2_backward(eg, w, n, Math.fround(l1), Math.fround(l2));
      assert.ok(Math.abs(penalty - ep) <= 1e-6 * (1 + ep), `penalty n=${n}: ${penalty} vs ${ep}`);
      assertClose(h.read(gb), eg, elementwise, `gradient n=${n} l1=${l1} l2=${l2}`);
    }
  }
});

test('Keras golden values: l1 = 0.01, l2 = 0.01 on w = [1, −2, 0, 3]', () => {
  h.reset();
  const wb = h.buf([1, -2, 0, 3]),
    gb = h.buf(4);
  // penalty 0.01·(1 + 2 + 0 + 3) + 0.01·(1 + 4 + 0 + 9) = 0.06 + 0.14; sign(0) = 0
  const p = h.k.l1l2_backward(gb.ptr, wb.ptr, 4, 0.01, 0.01);
  assert.ok(Math.abs(p - 0.2) < 1e-7, `penalty ${p}`);
  assertClose(h.read(gb), [0.01 + 0.02, -0.01 - 0.04, 0, 0.01 + 0.06], elementwise, 'gradient');
  assert.is(h.k.l1l2_backward(0, wb.ptr, 4, 0, 0.5), 0.5 * 14);
});

test.run();
