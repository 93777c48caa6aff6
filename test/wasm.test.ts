// Kernel builds: baseline SIMD by default on Node 20, relaxed SIMD (FMA in GEMM) where the
// runtime validates it, each deterministic; forcing a build the runtime lacks is an error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { backendInfo } from '../src/index.js';
import { Harness, randoms } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
function node(flags: string[], env: Record<string, string>, code: string) {
  return spawnSync(process.execPath, [...flags, '--input-type=module', '-e', code], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

test('backendInfo reports the build this process chose', () => {
  const info = backendInfo();
  assert.is(info.build, info.relaxedSimdSupported ? 'relaxed-simd' : 'simd');
  assert.is(info.threads, true);
});

const h = new Harness();

// For each GEMM form and shape, a function that applies a kernel setting, multiplies the same
// random operands and returns the product's bit patterns.
function* gemmRuns(shapes: number[][]) {
  for (const form of ['gemm_nn', 'gemm_tn', 'gemm_nt'] as const) {
    for (const [M, K, N] of shapes) {
      h.reset();
      const a = h.buf(randoms(M * K, 1)),
        b = h.buf(randoms(K * N, 2)),
        c = h.buf(M * N),
        w = h.buf(h.k.gemm_work_size());
      const run = (setting: () => void) => {
        setting();
        h.k[form](c.ptr, a.ptr, b.ptr, w.ptr, M, K, N, false);
        return Array.from(new Uint32Array(h.read(c).buffer));
      };
      yield [form, M, K, N, run] as const;
    }
  }
}

test('the GEMM tile: both forms give the same bits; Node picks broadcasts, SIMDNET_TILE overrides', () => {
  const code = `import { backendInfo } from './dist/index.js'; console.log(backendInfo().tile);`;
  assert.is(backendInfo().tile, 'broadcast'); // Node 20's V8 11 (the engine rule in src/wasm.ts)
  assert.is(node([], { SIMDNET_TILE: 'shuffle' }, code).stdout.trim(), 'shuffle');
  assert.match(node([], { SIMDNET_TILE: 'fast' }, code).stderr, /SIMDNET_TILE must be broadcast or shuffle/);
  for (const [form, M, K, N, run] of gemmRuns([
    [7, 5, 9],
    [64, 600, 17],
    [130, 33, 64],
  ])) {
    const bits = (broadcast: boolean) => run(() => h.k.set_tile_form(broadcast));
    assert.equal(bits(true), bits(false), `${form} ${M}×${K}×${N}`);
  }
  h.k.set_tile_form(backendInfo().tile === 'broadcast');
});

test('GEMM columns packed at once: the same bits for 8 … 256; 256 by default, SIMDNET_GEMM_COLUMNS overrides', () => {
  const code = `import { backendInfo } from './dist/index.js'; console.log(backendInfo().gemmColumns);`;
  assert.is(backendInfo().gemmColumns, 256);
  assert.is(node([], { SIMDNET_GEMM_COLUMNS: '128' }, code).stdout.trim(), '128');
  assert.match(node([], { SIMDNET_GEMM_COLUMNS: '100' }, code).stderr, /SIMDNET_GEMM_COLUMNS must be 64, 128 or 256/);
  for (const [form, M, K, N, run] of gemmRuns([
    [70, 530, 523],
    [5, 9, 300],
  ])) {
    const bits = (columns: number) => run(() => h.k.set_gemm_columns(columns));
    const ref = bits(256);
    for (const columns of [8, 64, 128]) assert.equal(bits(columns), ref, `${form} ${M}×${K}×${N} at ${columns}`);
  }
  h.k.set_gemm_columns(256);
});

test('the relaxed-SIMD build: GEMM matches the float64 twin, training is deterministic', () => {
  const code = `
    import { backendInfo, Sequential, Dense, SGD, tensor } from './dist/index.js';
    import { Arena } from './dist/memory.js';
    const info = backendInfo();
    const arena = new Arena();
    const M = 37, K = 300, N = 19;
    const a = arena.alloc(M * K, 'a'), b = arena.alloc(K * N, 'b'), c = arena.alloc(M * N, 'c');
    const w = arena.alloc(arena.k.gemm_work_size(), 'w');
    arena.k.random_uniform(a, M * K, 1, 1, 0, -1, 1); arena.k.random_uniform(b, K * N, 1, 2, 0, -1, 1);
    arena.k.gemm_nn(c, a, b, w, M, K, N, false);
    const A = arena.read(a, M * K), B = arena.read(b, K * N), C = arena.read(c, M * N);
    let worst = 0;
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[i * K + k] * B[k * N + j];
      worst = Math.max(worst, Math.abs(s - C[i * N + j]));
    }
    const run = async () => {
      const layers = [new Dense({ units: 8, activation: 'relu', inputShape: [4] }), new Dense({ units: 2 })];
      const m = new Sequential({ seed: 1, layers });
      m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
      const x = tensor(Float32Array.from({ length: 400 }, (_, i) => (i % 7) / 7), [100, 4]);
      const y = tensor(Float32Array.from({ length: 200 }, (_, i) => (i % 3) / 3), [100, 2]);
      await m.fit(x, y, { epochs: 3, batchSize: 16 });
      return Array.from(new Uint32Array(m.getWeights()[0].data.buffer));
    };
    const [r1, r2] = [await run(), await run()];
    const same = r1.every((v, i) => v === r2[i]);
    console.log(JSON.stringify({ build: info.build, worst, tol: K * 2 ** -23 + 1e-6, same }));`;
  const r = node(['--experimental-wasm-relaxed-simd'], {}, code);
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.build, 'relaxed-simd');
  assert.ok(out.worst <= out.tol, `GEMM error ${out.worst} > ${out.tol}`);
  assert.ok(out.same, 'two runs of the relaxed build differ');
});

test("SIMDNET_WASM forces a build; relaxed-simd turns on Node 20's V8 flag, where it cannot a clear error", () => {
  const code = `import { backendInfo } from './dist/index.js'; console.log(backendInfo().build);`;
  assert.is(node([], { SIMDNET_WASM: 'simd' }, code).stdout.trim(), 'simd');
  assert.is(node(['--experimental-wasm-relaxed-simd'], { SIMDNET_WASM: 'simd' }, code).stdout.trim(), 'simd');
  assert.is(node([], { SIMDNET_WASM: 'debug' }, code).stdout.trim(), 'debug');
  const asked = node([], { SIMDNET_WASM: 'relaxed-simd' }, code);
  assert.is(asked.stdout.trim(), 'relaxed-simd', asked.stderr);
  if (!backendInfo().relaxedSimdSupported) {
    // without process.getBuiltinModule simdnet cannot reach V8's flags
    const bad = node(
      [],
      { SIMDNET_WASM: 'relaxed-simd' },
      `delete process.getBuiltinModule; const { backendInfo } = await import('./dist/index.js'); ` +
        `console.log(backendInfo().build);`,
    );
    assert.is.not(bad.status, 0);
    assert.match(bad.stderr, /does not support relaxed SIMD/);
  }
  assert.match(
    node([], { SIMDNET_WASM: 'fast' }, code).stderr,
    /SIMDNET_WASM must be one of simd, relaxed-simd, debug/,
  );
});

test(
  'a failed kernel assertion is an Error naming its message and file in the debug build; release builds carry ' +
    'no assertions',
  () => {
    const code = `import { Arena } from './dist/memory.js';
const a = new Arena(); const w = a.alloc(a.k.gemm_work_size(), 'w');
try { a.k.gemm_nn(w, w, w, w, -1, 2, 2, false); console.log('no error'); } catch (e) { console.log(e.message); }`;
    assert.match(node([], { SIMDNET_WASM: 'debug' }, code).stdout, /abort: .* at assembly\/gemm\.ts:\d+:\d+/);
    assert.is(node([], { SIMDNET_WASM: 'simd' }, code).stdout.trim(), 'no error');
  },
);

test.run();
