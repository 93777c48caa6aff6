import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, randoms, assertClose, reduction, maxAbs } from '../helpers.js';
import * as ref from '../ref/conv.js';
import { geometry, type Geometry, type Pair, type Padding } from '../../src/layers/geometry.js';

const h = new Harness();

interface Case {
  rows: number;
  hwc: [number, number, number];
  k: Pair;
  s?: Pair;
  d?: Pair;
  pad: Padding;
  F: number;
}

// Issue 12's edge cases: windows 1×1, 3×3, 5×5, 2×3; strides 1–3; both paddings; dilation 2;
// an input smaller than the window under 'same'; channels 1, 3, 17; batches 1 and 65.
const CASES: Case[] = [
  { rows: 1, hwc: [5, 5, 1], k: [1, 1], pad: 'valid', F: 3 },
  { rows: 2, hwc: [6, 7, 3], k: [3, 3], pad: 'valid', F: 8 },
  { rows: 3, hwc: [6, 7, 3], k: [3, 3], pad: 'same', F: 9 },
  { rows: 2, hwc: [9, 8, 17], k: [5, 5], s: [2, 2], pad: 'same', F: 4 },
  { rows: 2, hwc: [9, 8, 3], k: [2, 3], s: [3, 3], pad: 'valid', F: 5 },
  { rows: 2, hwc: [8, 9, 1], k: [2, 3], s: [2, 3], pad: 'same', F: 2 },
  { rows: 1, hwc: [9, 9, 3], k: [3, 3], d: [2, 2], pad: 'valid', F: 6 },
  { rows: 2, hwc: [7, 8, 17], k: [3, 2], d: [2, 2], pad: 'same', F: 3 },
  { rows: 2, hwc: [2, 3, 3], k: [5, 5], pad: 'same', F: 4 },
  { rows: 65, hwc: [6, 5, 3], k: [3, 3], s: [2, 1], pad: 'same', F: 5 },
  { rows: 65, hwc: [4, 4, 17], k: [1, 1], pad: 'valid', F: 9 },
];

const label = (c: Case) =>
  `${c.rows}×${c.hwc.join('×')} k${c.k.join('×')} s${(c.s ?? [1, 1]).join('×')} d${(c.d ?? [1, 1]).join('×')} ${c.pad}`;

function run(c: Case, g: Geometry) {
  const { H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW } = g;
  const M = c.rows * OH * OW;
  const K = KH * KW * C;
  const x = randoms(c.rows * H * W * C, M + K, -1, 1);
  const w = randoms(K * c.F, K, -1, 1);
  const dy = randoms(M * c.F, c.F, -1, 1);
  h.reset();
  const xb = h.buf(x),
    wb = h.buf(w),
    dyb = h.buf(dy);
  const cols = h.buf(M * K),
    y = h.buf(M * c.F),
    dw = h.buf(K * c.F),
    dx = h.buf(x.length);
  const work = h.buf(h.k.gemm_work_size());
  h.k.im2col(cols.ptr, xb.ptr, c.rows, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
  h.k.gemm_nn(y.ptr, cols.ptr, wb.ptr, work.ptr, M, K, c.F, false);
  h.k.gemm_tn(dw.ptr, cols.ptr, dyb.ptr, work.ptr, K, M, c.F, false);
  h.k.gemm_nt(cols.ptr, dyb.ptr, wb.ptr, work.ptr, M, c.F, K, false);
  h.k.col2im(dx.ptr, cols.ptr, c.rows, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
  h.checkGuards(cols, 'cols');
  return { x, w, dy, y: h.read(y), dw: h.read(dw), dx: h.read(dx), M, K };
}

test('Conv2D by im2col + GEMM: forward, dW and dX match the direct float64 sums', () => {
  for (const c of CASES) {
    const g = geometry(c.hwc, c.k, c.s ?? [1, 1], c.d ?? [1, 1], c.pad, label(c));
    const r = run(c, g);
    assertClose(
      r.y,
      ref.conv2d_forward(r.x, r.w, undefined, g, c.rows, c.F),
      reduction(r.K, 1, 1),
      `forward ${label(c)}`,
    );
    const edw = ref.conv2d_backward_filter(r.x, r.dy, g, c.rows, c.F);
    assertClose(r.dw, edw, reduction(r.M, 1, 1), `dW ${label(c)}`);
    const edx = ref.conv2d_backward_input(r.dy, r.w, g, c.rows, c.F);
    assertClose(r.dx, edx, reduction(r.K * c.F, 1, 1), `dX ${label(c)}`);
    assert.ok(maxAbs(edw) > 0 && maxAbs(edx) > 0, `${label(c)}: gradients not trivially 0`);
  }
});

test("padding 'same' is TensorFlow's: ceil(in / stride), the odd pixel after", () => {
  // in 6, window 3, stride 2: out 3, total padding max(2·2 + 3 − 6, 0) = 1 → 0 before, 1 after.
  let g = geometry([6, 6, 1], [3, 3], [2, 2], [1, 1], 'same', 't');
  assert.equal([g.OH, g.PT], [3, 0]);
  // in 5, window 3, stride 2: out 3, total 2 → 1 before (PyTorch would pad 1 both sides too).
  g = geometry([5, 5, 1], [3, 3], [2, 2], [1, 1], 'same', 't');
  assert.equal([g.OH, g.PT], [3, 1]);
  // in 7, window 4 stride 1: total 3 → 1 before, 2 after; window 3 dilation 2 spans 5: total 4 → 2.
  assert.equal(geometry([7, 7, 1], [4, 4], [1, 1], [1, 1], 'same', 't').PT, 1);
  assert.equal(geometry([7, 7, 1], [3, 3], [1, 1], [2, 2], 'same', 't').PT, 2);
  // in 2 under a window of 5: out 2, total 4 → 2 before.
  g = geometry([2, 3, 1], [5, 5], [1, 1], [1, 1], 'same', 't');
  assert.equal([g.OH, g.OW, g.PT, g.PL], [2, 3, 2, 2]);
  g = geometry([28, 28, 1], [3, 3], [1, 1], [1, 1], 'valid', 't');
  assert.equal([g.OH, g.OW, g.PT], [26, 26, 0]);
  assert.throws(() => geometry([2, 3, 1], [5, 5], [1, 1], [1, 1], 'valid', 't'), /window of 5/);
});

const POOLS: Case[] = [
  { rows: 1, hwc: [4, 4, 1], k: [2, 2], pad: 'valid', F: 0 },
  { rows: 3, hwc: [7, 7, 5], k: [2, 2], pad: 'same', F: 0 },
  { rows: 2, hwc: [7, 6, 17], k: [3, 3], s: [2, 2], pad: 'same', F: 0 },
  { rows: 2, hwc: [8, 9, 3], k: [3, 2], s: [1, 3], pad: 'valid', F: 0 },
  { rows: 2, hwc: [2, 3, 3], k: [5, 5], s: [1, 1], pad: 'same', F: 0 },
  { rows: 65, hwc: [5, 5, 8], k: [5, 5], s: [1, 1], pad: 'valid', F: 0 },
];

test('max and average pooling match the twins; max routes to the first maximum', () => {
  for (const c of POOLS) {
    const g = geometry(c.hwc, c.k, c.s ?? c.k, [1, 1], c.pad, label(c));
    const { H, W, C, KH, KW, SH, SW, PT, PL, OH, OW } = g;
    const outs = OH * OW * C;
    // Values on a coarse grid: ties inside windows are common.
    const x = Float32Array.from(randoms(c.rows * H * W * C, outs, -2, 2), (v) => Math.round(v * 2) / 2);
    const dy = randoms(c.rows * outs, 3);
    h.reset();
    const xb = h.buf(x),
      dyb = h.buf(dy),
      y = h.buf(c.rows * outs),
      idx = h.buf(c.rows * outs);
    const dx = h.buf(x.length);
    h.k.max_pool_forward(y.ptr, idx.ptr, xb.ptr, c.rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
    h.k.max_pool_backward(dx.ptr, dyb.ptr, idx.ptr, c.rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
    const m = ref.max_pool_forward(x, g, c.rows);
    assert.equal(Array.from(h.read(y)), Array.from(m.y), `max ${label(c)}`);
    assert.equal(
      Array.from(h.arena.i32.subarray(idx.ptr >> 2, (idx.ptr >> 2) + idx.n)),
      Array.from(m.idx),
      `arg-max ${label(c)}`,
    );
    assertClose(h.read(dx), ref.max_pool_backward(dy, x, g, c.rows), reduction(KH * KW, 1, 1), `max dx ${label(c)}`);
    h.k.avg_pool_forward(y.ptr, xb.ptr, c.rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
    h.k.avg_pool_backward(dx.ptr, dyb.ptr, c.rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
    assertClose(h.read(y), ref.avg_pool_forward(x, g, c.rows), reduction(KH * KW, 2, 1), `avg ${label(c)}`);
    assertClose(h.read(dx), ref.avg_pool_backward(dy, g, c.rows), reduction(KH * KW, 1, 1), `avg dx ${label(c)}`);
  }
});

test('max pooling ties: the top-left maximum wins, in the vector lanes as in the scalar tail', () => {
  h.reset();
  // One 2×2 window, 5 channels (4 lanes + 1 tail): channel c has its maximum 1 at the pixels listed.
  const x = new Float32Array(4 * 5);
  const maxima = [[1, 2], [3], [0, 3], [2, 3], [1, 3]];
  maxima.forEach((pix, c) => pix.forEach((p) => (x[p * 5 + c] = 1)));
  const xb = h.buf(x),
    y = h.buf(5),
    idx = h.buf(5);
  h.k.max_pool_forward(y.ptr, idx.ptr, xb.ptr, 1, 2, 2, 5, 2, 2, 2, 2, 0, 0, 1, 1);
  const won = Array.from(h.arena.i32.subarray(idx.ptr >> 2, (idx.ptr >> 2) + 5), (o, c) => (o - c) / 5);
  assert.equal(won, [1, 3, 0, 2, 1]);
});

test.run();
