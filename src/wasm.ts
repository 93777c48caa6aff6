// Loads the AssemblyScript kernels: the module is compiled once per process and
// instantiated once per model on that model's own shared memory.
import { wasmFile } from './paths.js';
import { readKernelFile, canReadKernels } from './kernel-files.js';
import { instantiateSync } from '@assemblyscript/loader';
import type { Kernels } from './kernels.js';
import { IOError, StateError, ValueError, quote } from './errors.js';
import { envVar } from './runtime.js';

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
let columns: number | undefined;

/**
 * Columns of B the GEMM packs at once (assembly/gemm.ts): 256 by default — measured 1–6 %
 * faster than 128 on a 2 MiB L2 (bench/RESULTS.md); SIMDNET_GEMM_COLUMNS=64|128|256 chooses
 * (a 512 KiB L2 may prefer 128). The bits are the same for any.
 */
export function gemmColumns(): number {
  if (columns === undefined) {
    const forced = envVar('SIMDNET_GEMM_COLUMNS');
    if (forced !== undefined && !['64', '128', '256'].includes(forced))
      throw new Error(`SIMDNET_GEMM_COLUMNS must be 64, 128 or 256, received ${quote(forced)}`);
    columns = forced ? Number(forced) : 256;
  }
  return columns;
}

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

let chosen: { build: Build; module: WebAssembly.Module; relaxedSimdSupported: boolean; forced: boolean } | undefined;

// Node 20 implements relaxed SIMD behind a V8 flag. Asked for by name (SIMDNET_WASM), simdnet
// turns the flag on itself; V8 flags are process-wide, so it never does so unasked.
function enableRelaxedSimdFlag(): boolean {
  const p = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const v8 = p?.getBuiltinModule?.('node:v8') as { setFlagsFromString?(flags: string): void } | undefined;
  if (!v8?.setFlagsFromString) return false;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdSupported();
}

// The build this process asks for: SIMDNET_WASM, else relaxed SIMD where it validates.
function wantedBuild(): { build: Build; relaxed: boolean; forced: boolean } {
  const relaxed = relaxedSimdSupported();
  const forced = (envVar('SIMDNET_WASM') ?? '') as Build | '';
  if (forced && !(forced in FILES))
    throw new Error(`SIMDNET_WASM must be one of ${Object.keys(FILES).join(', ')}, received ${quote(forced)}`);
  if (forced === 'relaxed-simd' && !relaxed && !enableRelaxedSimdFlag()) {
    throw new Error(
      'SIMDNET_WASM=relaxed-simd, but this runtime does not support relaxed SIMD (Node 20 needs ' +
        '--experimental-wasm-relaxed-simd)',
    );
  }
  return { build: forced || (relaxed ? 'relaxed-simd' : 'simd'), relaxed, forced: !!forced };
}

/**
 * The compiled module: relaxed SIMD where the runtime validates it, else baseline SIMD.
 * SIMDNET_WASM=simd|relaxed-simd|debug forces a build; relaxed-simd on Node 20 turns on V8's
 * flag for it, and where that is impossible it is an error, not a silent fallback. Where
 * there is no file system (browsers, workerd) init() must have loaded it.
 */
export function wasmModule(): WebAssembly.Module {
  if (!chosen) {
    if (!canReadKernels) {
      throw new StateError(
        'simdnet: the kernels are not loaded: `await init()` first (in Cloudflare Workers, ' +
          "`await init(wasm)` with `import wasm from 'simdnet/simdnet.wasm'`)",
      );
    }
    const { build, relaxed, forced } = wantedBuild();
    const bytes = readKernelFile(FILES[build]);
    if (!bytes && build === 'debug') {
      throw new Error(
        'SIMDNET_WASM=debug: the debug build (assertions with messages, 0.7 MB) is not shipped in the npm package; ' +
          'clone the repository and run npm install there to build it',
      );
    }
    if (!bytes) throw new IOError(`simdnet: the kernel build ${FILES[build]} is missing from the package`);
    chosen = { build, module: new WebAssembly.Module(bytes as BufferSource), relaxedSimdSupported: relaxed, forced };
  }
  return chosen.module;
}

/** For worker threads: run exactly the module the main thread runs. */
export function useModule(build: Build, module: WebAssembly.Module): void {
  if (chosen?.module === module) return;
  chosen = { build, module, relaxedSimdSupported: relaxedSimdSupported(), forced: true };
}

/** The module and build workers are handed. */
export function kernelModule(): { build: Build; module: WebAssembly.Module } {
  const module = wasmModule();
  return { build: chosen!.build, module };
}

/** What init() takes: a compiled module, its bytes, or where to fetch them. */
export type KernelSource = WebAssembly.Module | BufferSource | URL | string | Response;

/**
 * Loads the kernels. Node, Deno and Bun need not call it (the kernels are read from the
 * package on first use); in a browser, `await init()` fetches the build next to the bundle,
 * and Cloudflare Workers, which compile no WebAssembly at run time, pass the module they
 * imported: `await init(wasm)`. Also takes bytes, a URL or a Response. The build (baseline or
 * relaxed SIMD) is read off the module. Call it before the first model; calling it again with
 * the same source, or none, does nothing.
 */
export async function init(source?: KernelSource | Promise<KernelSource>): Promise<BackendInfo> {
  if (source === undefined) {
    if (!chosen && canReadKernels) wasmModule();
    if (chosen) return backendInfo();
  }
  const module = await compileSource(source === undefined ? wasmFile(FILES[wantedBuild().build]) : await source);
  const build: Build = isRelaxed(module) ? 'relaxed-simd' : 'simd';
  if (chosen && chosen.module !== module) {
    throw new StateError('init: the kernels are already loaded; call init once, before the first model');
  }
  chosen = { build, module, relaxedSimdSupported: relaxedSimdSupported(), forced: source !== undefined };
  return backendInfo();
}

async function compileSource(source: KernelSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  let bytes: BufferSource;
  if (typeof source === 'string' || source instanceof URL || source instanceof Response) {
    const what = source instanceof Response ? source.url : String(source);
    let r: Response;
    try {
      r = source instanceof Response ? source : await fetch(source);
    } catch (e) {
      throw new IOError(`init: could not fetch the kernels from ${quote(what)}: ${quote((e as Error).message)}`);
    }
    if (!r.ok) throw new IOError(`init: fetching the kernels from ${quote(what)} gave HTTP ${r.status}`);
    bytes = await r.arrayBuffer();
  } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    bytes = source;
  } else {
    throw new ValueError(
      `init: source must be a WebAssembly.Module, bytes, a URL or a Response, received ${quote(source)}`,
    );
  }
  try {
    return await WebAssembly.compile(bytes);
  } catch (e) {
    // The relaxed build fails to compile, rather than to run, where relaxed SIMD is missing.
    const why = relaxedSimdSupported() ? '' : ' (this runtime has no relaxed SIMD: for it, pass simdnet.wasm)';
    throw new ValueError(
      `init: source is not a WebAssembly module simdnet can compile${why}: ${quote((e as Error).message)}`,
    );
  }
}

// Asks the module itself which build it is, on a scratch memory of one page.
function isRelaxed(module: WebAssembly.Module): boolean {
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const abort = () => undefined;
    const k = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as Kernels;
    return !!k.relaxed_build();
  } catch (e) {
    throw new ValueError(`init: source is not simdnet's kernel module: ${quote((e as Error).message)}`);
  }
}

/** Which kernels this process runs, and why (backendInfo(), init()). */
export interface BackendInfo {
  /** The kernel build: baseline SIMD, relaxed SIMD (FMA in GEMM), or the debug build. */
  build: Build;
  /** Whether this runtime validates relaxed-SIMD code. */
  relaxedSimdSupported: boolean;
  /** Whether the build was asked for (SIMDNET_WASM, or a source passed to init) rather than chosen. */
  forced: boolean;
  /** Whether fit can share a model's memory with worker threads here. */
  threads: boolean;
  /** How the GEMM tile reads A: same bits either way (SIMDNET_TILE overrides). */
  tile: TileForm;
  /** Columns of B the GEMM packs at once: same bits for any (SIMDNET_GEMM_COLUMNS overrides). */
  gemmColumns: number;
}

/** Which kernel build this process runs, and why. */
export function backendInfo(): BackendInfo {
  wasmModule();
  const { build, relaxedSimdSupported: r, forced } = chosen!;
  return {
    build,
    tile: tileForm(),
    gemmColumns: gemmColumns(),
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
    k.set_gemm_columns(gemmColumns());
    return k;
  }
  const abort = (_msg: number, _file: number, line: number, col: number) => {
    throw new Error(
      `simdnet kernel assertion failed at line ${line}:${col} (run with SIMDNET_WASM=debug for its message)`,
    );
  };
  const k = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as Kernels;
  k.set_tile_form(tileForm() === 'broadcast');
  k.set_gemm_columns(gemmColumns());
  return k;
}
