import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, randoms } from '../helpers.js';
import * as ref from '../ref/layers.js';

const h = new Harness();

test('maxout_forward / maxout_backward match the twin', () => {
  for (const k of [1, 2, 3, 5]) {
    for (const [M, units] of [
      [1, 1],
      [3, 4],
      [7, 9],
      [16, 33],
    ]) {
      h.reset();
      const z = randoms(M * units * k, M * units + k);
      const dy = randoms(M * units, k);
      const zb = h.buf(z),
        yb = h.buf(M * units),
        ib = h.buf(M * units),
        dyb = h.buf(dy),
        dzb = h.buf(M * units * k, 1);
      h.k.maxout_forward(yb.ptr, ib.ptr, zb.ptr, M, units, k);
      h.k.maxout_backward(dzb.ptr, dyb.ptr, ib.ptr, M, units, k);
      const ey = new Float64Array(M * units),
        eidx = new Int32Array(M * units),
        edz = new Float64Array(M * units * k);
      ref.maxout_forward(ey, eidx, z, M, units, k);
      ref.maxout_backward(edz, dy, eidx, M, units, k);
      const what = `k=${k} M=${M} units=${units}`;
      assert.equal(Array.from(h.read(yb)), Array.from(ey, Math.fround), `maxout_forward ${what}`);
      assert.equal(
        Array.from(h.arena.i32.slice(ib.ptr >> 2, (ib.ptr >> 2) + M * units)),
        Array.from(eidx),
        `arg-max ${what}`,
      );
      assert.equal(Array.from(h.read(dzb)), Array.from(edz, Math.fround), `maxout_backward ${what}`);
    }
  }
});

test('maxout ties go to the lowest piece; a NaN piece loses unless first', () => {
  h.reset();
  const zb = h.buf([1, 1, 0, NaN, 2, 1]),
    yb = h.buf(3),
    ib = h.buf(3);
  h.k.maxout_forward(yb.ptr, ib.ptr, zb.ptr, 1, 3, 2);
  assert.equal(Array.from(h.arena.i32.slice(ib.ptr >> 2, (ib.ptr >> 2) + 3)), [0, 2, 4]);
});

test.run();
