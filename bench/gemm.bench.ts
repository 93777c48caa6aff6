// GEMM GFLOP/s for the three products of a Dense layer, at 512³ and at the
// shapes of the reference MLP's first layer (batch 128, 784 → 256).
import b from 'benny';
import { Arena } from '../dist/memory.js';
import type { Row } from './machine.js';
import { SHAPES } from './shapes.mjs';
import { peakRows } from './peak/measure.mjs';

export { SHAPES };

export async function gemmBench(): Promise<Row[]> {
  const arena = new Arena();
  const rows: Row[] = [];
  const cases = SHAPES.map(([form, M, K, N, label]) =>
    b.add(label, () => {
      const a = arena.alloc(M * K, 'a'),
        bb = arena.alloc(K * N, 'b'),
        c = arena.alloc(M * N, 'c');
      const work = arena.alloc(arena.k.gemm_work_size(), 'work');
      arena.k.random_uniform(a, M * K, 1, 1, 0, -1, 1);
      arena.k.random_uniform(bb, K * N, 1, 2, 0, -1, 1);
      const fn = arena.k[form];
      return () => fn(c, a, bb, work, M, K, N, false);
    }),
  );
  await b.suite(
    'simdnet GEMM (one core)',
    ...cases,
    b.cycle(),
    b.complete((summary) => {
      summary.results.forEach((r, i) => {
        const [, M, K, N, label] = SHAPES[i];
        rows.push({
          bench: `GEMM ${label}`,
          lib: 'simdnet',
          value: (2 * M * K * N) / r.details.median / 1e9,
          unit: 'GFLOP/s',
        });
      });
    }),
  );
  rows.push(...(await peakRows('simdnet', false)));
  return rows;
}
