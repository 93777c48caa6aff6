// Conv2D GFLOP/s on the shapes of the Keras mnist_convnet (`npx simdnet train --model cnn`),
// a 64-row chunk run as the layer runs it (src/layers/conv.ts), a block of samples at a time:
// forward = im2col + GEMM, dW = im2col again + GEMM, dX = GEMM + col2im (the first layer needs
// no dX).
// Next to the tile peak of this run.
import b from 'benny';
import { Arena } from '../dist/memory.js';
import { geometry, type Geometry } from '../dist/layers/geometry.js';
import { keepsRows, samplesPerBlock } from '../dist/layers/conv.js';
import type { Row } from './machine.js';

const ROWS = 64;
const LAYERS: { name: string; shape: number[]; F: number; dx: boolean }[] = [
  { name: 'conv 1 (28×28×1 → 26×26×32)', shape: [28, 28, 1], F: 32, dx: false },
  { name: 'conv 2 (13×13×32 → 11×11×64)', shape: [13, 13, 32], F: 64, dx: true },
];

export async function convBench(): Promise<Row[]> {
  const arena = new Arena();
  const { k } = arena;
  const rows: Row[] = [];
  const cases: { label: string; flops: number; run: () => void }[] = [];
  for (const l of LAYERS) {
    const g: Geometry = geometry(l.shape, [3, 3], [1, 1], [1, 1], 'valid', l.name);
    const { H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW } = g;
    const M = ROWS * OH * OW;
    const K = KH * KW * C;
    const buf = (n: number, seed: number) => {
      const p = arena.alloc(n, 'bench');
      k.random_uniform(p, n, 7, seed, 0, -1, 1);
      return p;
    };
    const x = buf(ROWS * H * W * C, 1);
    const w = buf(K * l.F, 2);
    const dy = buf(M * l.F, 3);
    // As the layer: a small sample's rows are built once for the chunk and kept for dW, others a
    // block of samples at a time, built again for dW.
    const kept = keepsRows(OH * OW * K);
    const block = samplesPerBlock(OH * OW * K, ROWS);
    const cols = buf(block * OH * OW * K, 4);
    const y = buf(M * l.F, 5);
    const dw = buf(K * l.F, 6);
    const dx = buf(ROWS * H * W * C, 7);
    const work = buf(k.gemm_work_size(), 8);
    const flops = 2 * M * K * l.F;
    const geo = [H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW] as const;
    const P = OH * OW;
    const perSample = (f: (n: number, m: number) => void) => () => {
      for (let n = 0; n < ROWS; n += block) f(n, Math.min(block, ROWS - n));
    };
    const xn = (n: number) => x + 4 * n * H * W * C;
    cases.push({
      label: `Conv2D forward, ${l.name}`,
      flops,
      run: perSample((n, m) => {
        k.im2col(cols, xn(n), m, ...geo);
        k.gemm_nn(y + 4 * n * P * l.F, cols, w, work, m * P, K, l.F, false);
      }),
    });
    cases.push({
      label: `Conv2D dW, ${l.name}`,
      flops,
      run: perSample((n, m) => {
        if (!kept) k.im2col(cols, xn(n), m, ...geo);
        k.gemm_tn(dw, cols, dy + 4 * n * P * l.F, work, K, m * P, l.F, n > 0);
      }),
    });
    if (l.dx)
      cases.push({
        label: `Conv2D dX, ${l.name}`,
        flops,
        run: perSample((n, m) => {
          k.gemm_nt(cols, dy + 4 * n * P * l.F, w, work, m * P, l.F, K, false);
          k.col2im(dx + 4 * n * H * W * C, cols, m, ...geo);
        }),
      });
  }
  await b.suite(
    'simdnet Conv2D (one core, a 64-row chunk)',
    b.configure({ cases: { minSamples: 10, maxTime: 2 } }),
    ...cases.map((c) => b.add(c.label, c.run)),
    b.complete((s) =>
      s.results.forEach((r, i) =>
        rows.push({
          bench: cases[i].label,
          lib: 'simdnet',
          value: cases[i].flops / r.details.median / 1e9,
          unit: 'GFLOP/s',
        }),
      ),
    ),
  );
  return rows;
}
