import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, SIZES, randoms, assertClose, transcendental } from '../helpers.js';
import * as ref from '../ref/activations.js';

const h = new Harness();

test('softmax_forward / softmax_backward match the twin over edge sizes', () => {
  for (const M of [1, 3, 5]) {
    for (const N of [...SIZES, 785]) {
      h.reset();
      const x = randoms(M * N, N, -10, 10);
      const dy = randoms(M * N, N + 5);
      const xb = h.buf(x),
        yb = h.buf(M * N),
        dyb = h.buf(dy),
        dxb = h.buf(M * N);
      h.k.softmax_forward(yb.ptr, xb.ptr, M, N);
      const y = h.read(yb);
      h.k.softmax_backward(dxb.ptr, dyb.ptr, yb.ptr, M, N);
      const ey = new Float64Array(M * N),
        edx = new Float64Array(M * N);
      ref.softmax_forward(ey, x, M, N);
      ref.softmax_backward(edx, dy, y, M, N);
      assertClose(y, ey, transcendental, `softmax_forward M=${M} N=${N}`);
      assertClose(h.read(dxb), edx, (r) => transcendental(r) + N * 2 ** -23, `softmax_backward M=${M} N=${N}`);
    }
  }
});

test('softmax is finite for extreme logits: ±1e4, all equal, −Infinity entries', () => {
  h.reset();
  const rows = [
    [1e4, -1e4, 0, 5],
    [7, 7, 7, 7],
    [-Infinity, 0, -Infinity, 1],
    [1e9, 1e9, -1e9, 0],
  ];
  const xb = h.buf(rows.flat()),
    yb = h.buf(16);
  h.k.softmax_forward(yb.ptr, xb.ptr, 4, 4);
  const y = Array.from(h.read(yb));
  assert.equal(y.slice(0, 4), [1, 0, 0, 0]);
  assert.equal(y.slice(4, 8), [0.25, 0.25, 0.25, 0.25]);
  assertClose(y.slice(8, 12), [0, 1 / (1 + Math.E), 0, Math.E / (1 + Math.E)], transcendental, 'with -Infinity');
  assert.equal(y.slice(12, 16), [0.5, 0.5, 0, 0]);
});

test.run();
