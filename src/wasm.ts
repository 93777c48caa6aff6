// Loads the AssemblyScript kernels: the module is compiled once per process and
// instantiated once per model on that model's own shared memory.
import { existsSync, readFileSync } from 'node:fs';
import { wasmFile } from './paths.js';
import { instantiateSync } from '@assemblyscript/loader';
import type { Kernels } from './kernels.js';
import { quote } from './errors.js';

// Defined (esbuild --define) in the simdnet/infer bundles.
declare const SIMDNET_INFER_ONLY: true | undefined;
export type { Kernels } from './kernels.js';

/** Pages of 64 KiB the memory may grow to; the build's --maximumMemory. */
export const MAX_PAGES = 32768;

/** The three builds of assembly/: baseline SIMD, relaxed SIMD (FMA in GEMM), and the debug build with asserts. */
export type Build = 'simd' | 'relaxed-simd' | 'debug';
const FILES: Record<Build, string> = {
  simd: 'simdnet.wasm',
  'relaxed-simd': 'simdnet.relaxed.wasm',
  debug: 'simdnet.debug.wasm',
};

// A module whose one function uses f32x4.relaxed_madd (0xfd 0x85 0x02): it validates where
// the runtime has relaxed SIMD (Node ≥ 22, Deno, Bun; Node 20 with --experimental-wasm-relaxed-simd).
function relaxedSimdSupported(): boolean {
  const zeros = new Array(16).fill(0);
  const body = [0x00, ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...zeros]), 0xfd, 0x85, 0x02, 0x0b];
  const code = [0x01, body.length, ...body];
  const header = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  ];
  return WebAssembly.validate(new Uint8Array([...header, 0x0a, code.length, ...code]));
}

/** How the GEMM tile reads A (assembly/gemm.ts): both give the same bits, engines differ in speed. */
export type TileForm = 'broadcast' | 'shuffle';

/** V8's major version where the runtime says it (Node, Deno), or from Chrome's (Chrome 120 ships V8 12.0). */
function v8Major(): number | undefined {
  const g = globalThis as { Deno?: { version?: { v8?: string } }; process?: { versions?: { v8?: string } } };
  const v = g.Deno?.version?.v8 ?? g.process?.versions?.v8;
  if (v) return Number.parseInt(v, 10);
  const chrome = /Chrome\/(\d+)/.exec(
    (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? '',
  );
  return chrome ? Math.floor(Number(chrome[1]) / 10) : undefined;
}

/**
 * The tile form for this engine, by measurement (bench/RESULTS.md, tile peaks): V8 11–13 (Node
 * 20, 22, 24) runs four broadcast loads 1.24–1.33× faster on an AVX-512 Xeon and on Zen 1; V8 15
 * (Deno 2) and JavaScriptCore (Bun) run the vector load and shuffles 1.10–1.6× faster. A timed
 * probe at load cannot decide it: in its first milliseconds V8 runs the baseline compiler's code.
 */
function defaultTile(): TileForm {
  const major = (globalThis as { Bun?: unknown }).Bun ? undefined : v8Major();
  return major !== undefined && major <= 13 ? 'broadcast' : 'shuffle';
}

let tile: TileForm | undefined;

/** The tile form of this process: SIMDNET_TILE=broadcast|shuffle, else the engine's (defaultTile). */
export function tileForm(): TileForm {
  if (!tile) {
    const forced = envVar('SIMDNET_TILE');
    if (forced && forced !== 'broadcast' && forced !== 'shuffle')
      throw new Error(`SIMDNET_TILE must be broadcast or shuffle, received ${quote(forced)}`);
    tile = (forced as TileForm | undefined) || defaultTile();
  }
  return tile;
}

// An environment variable where reading one is allowed; never a reason to fail.
function envVar(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
}

let chosen: { build: Build; module: WebAssembly.Module; relaxedSimdSupported: boolean; forced: boolean } | undefined;

// Node 20 implements relaxed SIMD behind a V8 flag. Asked for by name (SIMDNET_WASM), simdnet
// turns the flag on itself; V8 flags are process-wide, so it never does so unasked.
function enableRelaxedSimdFlag(): boolean {
  const v8 = (
    process as { getBuiltinModule?: (id: string) => { setFlagsFromString?: (flags: string) => void } | undefined }
  ).getBuiltinModule?.('node:v8');
  if (!v8?.setFlagsFromString) return false;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdSupported();
}

/**
 * The compiled module: relaxed SIMD where the runtime validates it, else baseline SIMD.
 * SIMDNET_WASM=simd|relaxed-simd|debug forces a build; relaxed-simd on Node 20 turns on V8's
 * flag for it, and where that is impossible it is an error, not a silent fallback.
 */
export function wasmModule(): WebAssembly.Module {
  if (!chosen) {
    const relaxed = relaxedSimdSupported();
    const forced = (process.env.SIMDNET_WASM ?? '') as Build | '';
    if (forced && !(forced in FILES))
      throw new Error(`SIMDNET_WASM must be one of ${Object.keys(FILES).join(', ')}, received ${quote(forced)}`);
    if (forced === 'relaxed-simd' && !relaxed && !enableRelaxedSimdFlag()) {
      throw new Error(
        'SIMDNET_WASM=relaxed-simd, but this runtime does not support relaxed SIMD (Node 20 needs ' +
          '--experimental-wasm-relaxed-simd)',
      );
    }
    const build: Build = forced || (relaxed ? 'relaxed-simd' : 'simd');
    const file = wasmFile(FILES[build]);
    if (build === 'debug' && !existsSync(file)) {
      throw new Error(
        'SIMDNET_WASM=debug: the debug build (assertions with messages, 0.7 MB) is not shipped in the npm package; ' +
          'clone the repository and run npm install there to build it',
      );
    }
    const module = new WebAssembly.Module(readFileSync(file));
    chosen = { build, module, relaxedSimdSupported: relaxed, forced: !!forced };
  }
  return chosen.module;
}

/** For worker threads: run exactly the build the main thread runs, whatever this thread would pick. */
export function useBuild(build: Build): void {
  if (chosen?.build === build) return;
  if (!(build in FILES)) throw new Error(`unknown kernel build ${quote(build)}`);
  const module = new WebAssembly.Module(readFileSync(wasmFile(FILES[build])));
  chosen = { build, module, relaxedSimdSupported: relaxedSimdSupported(), forced: true };
}

/** Which kernel build this process runs, and why. */
export function backendInfo(): {
  build: Build;
  relaxedSimdSupported: boolean;
  forced: boolean;
  threads: boolean;
  tile: TileForm;
} {
  wasmModule();
  const { build, relaxedSimdSupported: r, forced } = chosen!;
  return {
    build,
    tile: tileForm(),
    relaxedSimdSupported: r,
    forced,
    threads: typeof SharedArrayBuffer === 'function' && typeof Atomics?.waitAsync === 'function',
  };
}

/**
 * Instantiates the kernels on `memory`. Release builds take only numbers, so they are
 * instantiated directly (the loader's export wrapping costs ~1 ms of a cold start); the
 * debug build goes through @assemblyscript/loader, whose abort hook reads the failed
 * assertion's message and file out of the module's memory (not in the simdnet/infer
 * bundles, which leave the loader out: 5 KB less to parse on a cold start).
 */
export function instantiate(memory: WebAssembly.Memory): Kernels {
  const module = wasmModule();
  if (chosen!.build === 'debug' && typeof SIMDNET_INFER_ONLY === 'undefined') {
    const k = instantiateSync<Record<string, unknown>>(module, { env: { memory } }).exports as unknown as Kernels;
    k.set_tile_form(tileForm() === 'broadcast');
    return k;
  }
  const abort = (_msg: number, _file: number, line: number, col: number) => {
    throw new Error(
      `simdnet kernel assertion failed at line ${line}:${col} (run with SIMDNET_WASM=debug for its message)`,
    );
  };
  const k = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as Kernels;
  k.set_tile_form(tileForm() === 'broadcast');
  return k;
}
