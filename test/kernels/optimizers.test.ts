import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, SIZES, randoms, assertClose, elementwise, transcendental } from '../helpers.js';
import * as ref from '../ref/optimizers.js';

const h = new Harness();

test('sgd_update matches the twin over sizes', () => {
  for (const n of [...SIZES, 785]) {
    h.reset();
    const w = randoms(n, n),
      g = randoms(n, n + 1);
    const wb = h.buf(w, 1),
      gb = h.buf(g);
    h.k.sgd_update(wb.ptr, gb.ptr, n, 0.1, 0, 0);
    const ew = Float64Array.from(w);
    ref.sgd_update(ew, g, n, Math.fround(0.1));
    assertClose(h.read(wb), ew, elementwise, `sgd_update n=${n}`);
  }
});

test('sgd_momentum_update (plain and Nesterov) matches the twin over 5 steps', () => {
  for (const nesterov of [false, true]) {
    for (const n of [...SIZES, 785]) {
      h.reset();
      const w = randoms(n, n),
        v = new Float32Array(n);
      const wb = h.buf(w),
        vb = h.buf(v, 2);
      const ew = Float64Array.from(w),
        ev = new Float64Array(n);
      for (let step = 0; step < 5; step++) {
        const g = randoms(n, 100 * step + n);
        const gb = h.buf(g);
        h.k.sgd_momentum_update(wb.ptr, vb.ptr, gb.ptr, n, 0.05, 0.9, nesterov, 0, 0);
        ref.sgd_momentum_update(ew, ev, g, n, Math.fround(0.05), Math.fround(0.9), nesterov);
      }
      assertClose(h.read(wb), ew, (r) => 5 * elementwise(r), `w nesterov=${nesterov} n=${n}`);
      assertClose(h.read(vb), ev, (r) => 5 * elementwise(r), `v nesterov=${nesterov} n=${n}`);
    }
  }
});

// Adam, RMSprop (plain, momentum, centered) and Adagrad against their float64 twins over 5 steps.
const f = Math.fround;
test('adam_update, rmsprop_update and adagrad_update match their twins over sizes and 5 steps', () => {
  for (const n of [...SIZES, 785]) {
    h.reset();
    const w0 = randoms(n, n, -1, 1);
    const kinds = ['adam', 'rmsprop', 'rmsprop momentum', 'rmsprop centered', 'adagrad'] as const;
    for (const kind of kinds) {
      const wb = h.buf(w0),
        s0 = h.buf(n),
        s1 = h.buf(n),
        s2 = h.buf(n);
      const w = Float64Array.from(w0),
        a = new Float64Array(n),
        b = new Float64Array(n),
        c = new Float64Array(n);
      if (kind === 'adagrad') {
        h.k.fill(s0.ptr, n, 0.1);
        a.fill(f(0.1));
      }
      for (let step = 0; step < 5; step++) {
        const g = randoms(n, 1000 * step + n);
        const gb = h.buf(g);
        if (kind === 'adam') {
          h.k.adam_update(wb.ptr, s0.ptr, s1.ptr, gb.ptr, n, 0.01, 0.9, 0.999, 1e-7, 0, 0);
          ref.adam_update(w, a, b, g, n, f(0.01), f(0.9), f(0.999), f(1e-7));
        } else if (kind === 'adagrad') {
          h.k.adagrad_update(wb.ptr, s0.ptr, gb.ptr, n, 0.01, 1e-7, 0, 0);
          ref.adagrad_update(w, a, g, n, f(0.01), f(1e-7));
        } else {
          const momentum = kind === 'rmsprop momentum' ? 0.9 : 0;
          const centered = kind === 'rmsprop centered';
          h.k.rmsprop_update(wb.ptr, s0.ptr, s1.ptr, s2.ptr, gb.ptr, n, 0.01, 0.9, momentum, 1e-7, centered, 0, 0);
          ref.rmsprop_update(w, a, b, c, g, n, f(0.01), f(0.9), f(momentum), f(1e-7), centered);
        }
      }
      assertClose(h.read(wb), w, transcendental, `${kind} n=${n}`);
    }
  }
});

test('out of place: the update kernels write the new values at a distance, leave the old, flag non-finite ones', () => {
  for (const n of [1, 5, 17, 785]) {
    h.reset();
    const w0 = randoms(n, n),
      v0 = randoms(n, n + 1),
      g = randoms(n, n + 2);
    const region = h.buf(4 * n); // w | v | new w | new v
    const [w, v, out] = [region.ptr, region.ptr + 4 * n, 8 * n];
    h.arena.f32.set(w0, w >> 2);
    h.arena.f32.set(v0, v >> 2);
    const gb = h.buf(g);
    const penalty = h.k.sgd_momentum_update(w, v, gb.ptr, n, 0.1, 0.9, false, 0, 0.01, out);
    assert.ok(Number.isFinite(penalty), `n=${n}`);
    assert.equal(Array.from(h.arena.read(w, n)), Array.from(w0), `old w untouched, n=${n}`);
    assert.equal(Array.from(h.arena.read(v, n)), Array.from(v0), `old v untouched, n=${n}`);
    const ew = Float64Array.from(w0),
      ev = Float64Array.from(v0);
    ref.sgd_momentum_update(ew, ev, g, n, Math.fround(0.1), Math.fround(0.9), false);
    const l2 = Array.from(w0, (x) => 2 * Math.fround(0.01) * x); // the fused penalty gradient
    const ew2 = Float64Array.from(w0),
      ev2 = Float64Array.from(v0);
    ref.sgd_momentum_update(
      ew2,
      ev2,
      Float64Array.from(g, (x, i) => x + l2[i]),
      n,
      Math.fround(0.1),
      Math.fround(0.9),
      false,
    );
    assertClose(h.arena.read(w + out, n), ew2, elementwise, `new w at the distance, n=${n}`);
    h.arena.f32[(gb.ptr >> 2) + n - 1] = 3e38; // lr·g overflows: the new w and v are infinite
    const flagged = h.k.sgd_momentum_update(w, v, gb.ptr, n, 1e30, 0.9, false, 0, 0, out);
    assert.ok(Number.isNaN(flagged), `flagged, n=${n}`);
    assert.ok(Number.isFinite(h.k.sgd_update(w, gb.ptr, n, 0, 0, 0, 0)), 'in place: no flag');
  }
});

test.run();
