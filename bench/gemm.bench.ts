// GEMM GFLOP/s for the three products of a Dense layer, at 512³ and at the
// shapes of the reference MLP's first layer (batch 128, 784 → 256).
import b from 'benny';
import { Arena } from '../dist/memory.js';
import { backendInfo } from '../dist/index.js';
import type { Row } from './machine.js';
import { SHAPES, gemmCall, gemmProducts } from './shapes.mjs';
import { peakRows, pairedShares } from './peak/measure.mjs';

export { SHAPES };

export async function gemmBench(): Promise<Row[]> {
  const arena = new Arena();
  const rows: Row[] = [];
  const cases = SHAPES.map(([form, M, K, N, label]) => b.add(label, () => gemmCall(arena, form, M, K, N)));
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
  // The peak of the build the kernels run (relaxed: FMA, chosen by itself on Node 22 and later).
  const relaxed = backendInfo().build === 'relaxed-simd';
  rows.push(...(await peakRows('simdnet', relaxed)));
  rows.push(...pairedShares('simdnet', relaxed, gemmProducts(arena)));
  return rows;
}
