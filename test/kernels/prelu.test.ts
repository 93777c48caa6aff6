import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, SIZES, randoms, assertClose, elementwise, reduction } from '../helpers.js';
import * as ref from '../ref/layers.js';

const h = new Harness();

test('prelu_forward / prelu_backward match the twin, per-unit and shared alpha', () => {
  for (const shared of [false, true]) {
    for (const M of [1, 3, 17]) {
      for (const N of [...SIZES, 785]) {
        h.reset();
        const x = randoms(M * N, M + N),
          alpha = randoms(shared ? 1 : N, N, 0, 0.5),
          dy = randoms(M * N, 7 * N);
        const da0 = randoms(alpha.length, 3);
        const xb = h.buf(x),
          ab = h.buf(alpha),
          yb = h.buf(M * N, 1),
          dyb = h.buf(dy),
          dxb = h.buf(M * N, 2),
          dab = h.buf(da0);
        h.k.prelu_forward(yb.ptr, xb.ptr, ab.ptr, M, N, shared);
        h.k.prelu_backward(dxb.ptr, dab.ptr, dyb.ptr, xb.ptr, ab.ptr, M, N, shared);
        const ey = new Float64Array(M * N),
          edx = new Float64Array(M * N),
          eda = Float64Array.from(da0);
        ref.prelu_forward(ey, x, alpha, M, N, shared);
        ref.prelu_backward(edx, eda, dy, x, alpha, M, N, shared);
        const what = `shared=${shared} M=${M} N=${N}`;
        assertClose(h.read(yb), ey, elementwise, `prelu_forward ${what}`);
        assertClose(h.read(dxb), edx, elementwise, `prelu_backward dx ${what}`);
        assertClose(h.read(dab), eda, reduction(M * (shared ? N : 1) + 1, 1, 1), `prelu_backward dalpha ${what}`);
      }
    }
  }
});

test('prelu at 0 (Keras: relu(x) − alpha·relu(−x)) passes no gradient; NaN stays NaN', () => {
  h.reset();
  const xb = h.buf([0, -0, NaN, 2, -2]),
    ab = h.buf([0.5]),
    yb = h.buf(5),
    dyb = h.buf([1, 1, 1, 1, 1]),
    dxb = h.buf(5),
    dab = h.buf(1);
  h.k.prelu_forward(yb.ptr, xb.ptr, ab.ptr, 1, 5, true);
  h.k.prelu_backward(dxb.ptr, dab.ptr, dyb.ptr, xb.ptr, ab.ptr, 1, 5, true);
  const y = Array.from(h.read(yb));
  assert.ok(Number.isNaN(y[2]));
  assert.equal([y[0], y[1], y[3], y[4]], [0, -0, 2, -1]);
  assert.equal(Array.from(h.read(dxb)), [0, 0, 0, 1, 0.5]);
  assert.equal(Array.from(h.read(dab)), [-2]);
});

test.run();
