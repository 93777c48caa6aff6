// The WebAssembly SIMD ceiling of the runtime running this (bench/peak/peak.ts): GFLOP/s of
// the 4×8 tile with its operands in L1, in both ways of reading A. Plain JavaScript, so
// Node, Deno and Bun all run it (bench/gemm.bench.ts and bench/runtime.mjs).
import b from 'benny';
import { readFileSync } from 'node:fs';

export const TILES = [
  ['peak_splat', 'WASM SIMD peak: 4×8 tile, A by 4 broadcast loads, operands in L1'],
  ['peak_shuffle', 'WASM SIMD peak: 4×8 tile, A by a vector load + lane shuffles, operands in L1'],
];

/** Rows {bench, lib, value, unit} for the build's peak module (relaxed: the FMA build). */
export async function peakRows(lib, relaxed) {
  const file = new URL(`../../build/peak${relaxed ? '.relaxed' : ''}.wasm`, import.meta.url);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 32768, shared: true });
  const k = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { memory } }).exports;
  const p = 1024;
  new Float32Array(memory.buffer, p, k.peak_floats()).fill(1e-3);
  const reps = 2000; // ~5 ms a call
  const rows = [];
  await b.suite(
    `${lib}: WebAssembly SIMD peak`,
    b.configure({ cases: { minSamples: 10, maxTime: 2 } }),
    ...TILES.map(([fn, label]) => b.add(label, () => k[fn](p, reps))),
    b.complete((s) =>
      s.results.forEach((r, i) =>
        rows.push({
          bench: TILES[i][1],
          lib,
          value: (reps * k.peak_flops_per_rep()) / r.details.median / 1e9,
          unit: 'GFLOP/s',
        }),
      ),
    ),
  );
  return rows;
}
