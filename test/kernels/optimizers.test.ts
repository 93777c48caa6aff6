import { test } from 'uvu';
import { Harness, SIZES, randoms, assertClose, elementwise } from '../helpers.js';
import * as ref from '../ref/optimizers.js';

const h = new Harness();

test('sgd_update matches the twin over sizes', () => {
  for (const n of [...SIZES, 785]) {
    h.reset();
    const w = randoms(n, n), g = randoms(n, n + 1);
    const wb = h.buf(w, 1), gb = h.buf(g);
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
      const w = randoms(n, n), v = new Float32Array(n);
      const wb = h.buf(w), vb = h.buf(v, 2);
      const ew = Float64Array.from(w), ev = new Float64Array(n);
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

test.run();
