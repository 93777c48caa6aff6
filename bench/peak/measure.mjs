// The WebAssembly SIMD ceiling of the runtime running this (bench/peak/peak.ts): GFLOP/s of
// the 4×8 tile with its operands in L1, in both ways of reading A. Plain JavaScript, so
// Node, Deno and Bun all run it (bench/gemm.bench.ts and bench/runtime.mjs).
import b from 'benny';
import { readFileSync } from 'node:fs';

export const TILES = [
  ['peak_splat', 'WASM SIMD peak: 4×8 tile, A by 4 broadcast loads, operands in L1'],
  ['peak_shuffle', 'WASM SIMD peak: 4×8 tile, A by a vector load + lane shuffles, operands in L1'],
];

// The peak module with its panels at byte 1024.
function peakModule(relaxed) {
  const file = new URL(`../../build/peak${relaxed ? '.relaxed' : ''}.wasm`, import.meta.url);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 32768, shared: true });
  const k = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { memory } }).exports;
  new Float32Array(memory.buffer, 1024, k.peak_floats()).fill(1e-3);
  return k;
}

/** Rows {bench, lib, value, unit} for the build's peak module (relaxed: the FMA build). */
export async function peakRows(lib, relaxed) {
  const k = peakModule(relaxed);
  const p = 1024;
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

/**
 * Each product's GFLOP/s over the better tile form's, the two timed in turn `rounds` times
 * (best of 3 calls each) and the median of the per-round ratios taken: a share that a clock
 * drifting between two separate suites (turbo, a busy neighbour) does not move.
 * products: [{ label, flops, run }]. Rows {bench, lib, value, unit: '%'}.
 */
export function pairedShares(lib, relaxed, products, rounds = 15) {
  const k = peakModule(relaxed);
  const reps = 2000;
  const peakFlops = reps * k.peak_flops_per_rep();
  const best = (fn) => {
    let t = Infinity;
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      fn();
      t = Math.min(t, performance.now() - s);
    }
    return t;
  };
  for (let i = 0; i < 20; i++) TILES.forEach(([fn]) => k[fn](1024, reps)); // warm both forms
  return products.map(({ label, flops, run }) => {
    for (let i = 0; i < 3; i++) run();
    const shares = [];
    for (let r = 0; r < rounds; r++) {
      const gemm = flops / best(run);
      const peak = Math.max(...TILES.map(([fn]) => peakFlops / best(() => k[fn](1024, reps))));
      shares.push(gemm / peak);
    }
    shares.sort((a, b) => a - b);
    return {
      bench: `${label}: share of the best tile peak, in turn`,
      lib,
      value: 100 * shares[rounds >> 1],
      unit: '%',
    };
  });
}
