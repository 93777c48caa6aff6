// Files simdnet opens at run time, resolved from this module's own URL. This file sits at
// the root of src/ (under tsx) and of dist/; the infer bundle keeps all its chunks at the
// root of dist/ too (package.json build:ts), so these URLs hold in all three layouts.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** A kernel build in build/ (simdnet.wasm, …). */
export function wasmFile(name: string): URL {
  return new URL(`../build/${name}`, import.meta.url);
}

/** The worker-thread entry that serves training steps. */
export const workerFile: string = new URL(`./parallel/worker${ext}`, import.meta.url).href;
