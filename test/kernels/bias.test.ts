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
      h.k.bias_backward(dbb.ptr, dyb.ptr, M, N, true);
      const ey = Float64Array.from(y),
        edb = Float64Array.from(db0);
      ref.bias_forward(ey, b, M, N);
      ref.bias_backward(edb, dy, M, N);
      assertClose(h.read(yb), ey, elementwise, `bias_forward M=${M} N=${N}`);
      assertClose(h.read(dbb), edb, reduction(M + 1, 1, 1), `bias_backward M=${M} N=${N}`);
    }
  }
});

test('bias_backward without add writes the column sums: the bits of adding them to zeros', () => {
  for (const M of [1, 5, 64]) {
    for (const N of [...SIZES, 785]) {
      h.reset();
      const dy = randoms(M * N, 5 * N + M);
      dy[0] = -0; // a column of −0 still sums to +0 either way
      const dyb = h.buf(dy),
        added = h.buf(new Float32Array(N)),
        written = h.buf(randoms(N, 11), 1); // whatever was there is not read
      h.k.bias_backward(added.ptr, dyb.ptr, M, N, true);
      h.k.bias_backward(written.ptr, dyb.ptr, M, N, false);
      const a = new Uint32Array(h.read(added).buffer.slice(0)),
        w = new Uint32Array(h.read(written).buffer.slice(0));
      for (let j = 0; j < N; j++) if (a[j] !== w[j]) throw new Error(`M=${M} N=${N} column ${j}: ${a[j]} vs ${w[j]}`);
    }
  }
});

test.run();
