import { test } from 'uvu';
import { Harness, SIZES, randoms, assertClose, elementwise, reduction } from '../helpers.js';
import * as ref from '../ref/activations.js';

const h = new Harness();

test('bias_forward adds per column; bias_backward accumulates column sums', () => {
  for (const M of [1, 2, 5, 33]) {
    for (const N of [...SIZES, 785]) {
      h.reset();
      const y = randoms(M * N, M + N),
        b = randoms(N, N),
        dy = randoms(M * N, 3 * N),
        db0 = randoms(N, 7);
      const yb = h.buf(y, 1),
        bb = h.buf(b),
        dyb = h.buf(dy),
        dbb = h.buf(db0, 3);
      h.k.bias_forward(yb.ptr, bb.ptr, M, N);
      h.k.bias_backward(dbb.ptr, dyb.ptr, M, N);
      const ey = Float64Array.from(y),
        edb = Float64Array.from(db0);
      ref.bias_forward(ey, b, M, N);
      ref.bias_backward(edb, dy, M, N);
      assertClose(h.read(yb), ey, elementwise, `bias_forward M=${M} N=${N}`);
      assertClose(h.read(dbb), edb, reduction(M + 1, 1, 1), `bias_backward M=${M} N=${N}`);
    }
  }
});

test.run();
