import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, randoms } from '../helpers.js';
import * as ref from '../ref/householder.js';

const h = new Harness();

// The kernel's f64 buffers, as pairs of f32 slots in the harness's arena.
function f64Buf(values: Float64Array): number {
  const p = h.arena.alloc(values.length * 2 + 2, 'f64 buffer');
  const at = Math.ceil(p / 16) * 16;
  new Float64Array(h.arena.memory.buffer, at, values.length).set(values);
  return at;
}

test('householder_reflect equals its float64 twin bit for bit (odd widths, offsets, first rows)', () => {
  for (const [m, n, k, j0] of [
    [7, 5, 0, 0],
    [7, 5, 2, 2],
    [9, 6, 3, 1],
    [40, 17, 11, 4],
    [1, 1, 0, 0],
    [33, 8, 32, 7],
  ]) {
    h.reset();
    const x = Float64Array.from(randoms(m * n, m * 31 + n), (v) => v * 3);
    const v = Float64Array.from(randoms(m - k, k + 7));
    const xp = f64Buf(x);
    const vp = f64Buf(v);
    const dp = f64Buf(new Float64Array(n).fill(Number.NaN)); // dots are written before they are read
    h.k.householder_reflect(xp, vp, dp, k, m, n, j0);
    const expected = Float64Array.from(x);
    ref.householder_reflect(expected, v, new Float64Array(n), k, m, n, j0);
    const got = new Float64Array(h.arena.memory.buffer, xp, m * n);
    const what = `m=${m} n=${n} k=${k} j0=${j0}`;
    assert.ok(
      got.every((g, i) => Object.is(g, expected[i])),
      what,
    );
    for (let i = 0; i < m; i++)
      for (let j = 0; j < j0; j++) assert.is(got[i * n + j], x[i * n + j], `${what}: column ${j} kept`);
  }
});

test.run();
