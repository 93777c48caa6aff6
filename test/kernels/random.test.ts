import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness } from '../helpers.js';

const h = new Harness();

function uniform(n: number, seed: number, stream: number, offset = 0) {
  h.reset();
  const b = h.buf(n);
  h.k.random_uniform(b.ptr, n, seed, stream, offset, 0, 1);
  return h.read(b);
}

test('random_uniform is counter-based: same (seed, stream, index) → same value', () => {
  const a = uniform(100, 7, 3);
  assert.equal(Array.from(uniform(100, 7, 3)), Array.from(a));
  assert.equal(Array.from(uniform(40, 7, 3, 60)), Array.from(a.slice(60)));
  assert.not.equal(Array.from(uniform(100, 8, 3)), Array.from(a));
  assert.not.equal(Array.from(uniform(100, 7, 4)), Array.from(a));
});

test('random_uniform has the moments of U(0,1)', () => {
  const x = uniform(200000, 1, 1);
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const varc = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(varc - 1 / 12) < 0.002, `variance ${varc}`);
  assert.ok(x.every((v) => v >= 0 && v < 1));
});

test('random_normal: mean, std, and truncation at 2σ', () => {
  for (const truncate of [false, true]) {
    h.reset();
    const n = 200000;
    const b = h.buf(n);
    h.k.random_normal(b.ptr, n, 5, 9, 1, 2, truncate);
    const x = h.read(b);
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    assert.ok(Math.abs(mean - 1) < 0.02, `mean ${mean}`);
    // a normal truncated at ±2σ keeps 0.8796σ (Keras's correction constant)
    const expectStd = truncate ? 2 * 0.87962566103423978 : 2;
    assert.ok(Math.abs(std - expectStd) < 0.02, `std ${std} vs ${expectStd} truncate=${truncate}`);
    if (truncate) assert.ok(x.every((v) => Math.abs(v - 1) <= 4 + 1e-5));
  }
});

test('random_permutation is a seeded permutation', () => {
  h.reset();
  const n = 1000;
  const a = h.buf(n),
    b = h.buf(n),
    c = h.buf(n);
  h.k.random_permutation(a.ptr, n, 1, 2);
  h.k.random_permutation(b.ptr, n, 1, 2);
  h.k.random_permutation(c.ptr, n, 1, 3);
  const pa = Array.from(h.arena.i32.slice(a.ptr >> 2, (a.ptr >> 2) + n));
  const pb = Array.from(h.arena.i32.slice(b.ptr >> 2, (b.ptr >> 2) + n));
  const pc = Array.from(h.arena.i32.slice(c.ptr >> 2, (c.ptr >> 2) + n));
  assert.equal(pa, pb);
  assert.not.equal(pa, pc);
  assert.equal(
    [...pa].sort((x, y) => x - y),
    Array.from({ length: n }, (_, i) => i),
  );
  assert.ok(pa.filter((v, i) => v === i).length < 10, 'not close to the identity');
});

test.run();
