// Files simdnet opens at run time, resolved from this module's own URL. This file sits at
// the root of src/ (under tsx) and of dist/; the bundles keep all their chunks at the root
// of dist/ too (package.json build:ts), so these URLs hold in all layouts. Cloudflare's
// workerd gives modules no URL: there nothing is resolved, and init() takes the kernels.
const here: string | undefined = import.meta.url;
const ext = here?.endsWith('.ts') ? '.ts' : '.js';

/** A kernel build in build/ (simdnet.wasm, …). */
export function wasmFile(name: string): URL {
  if (!here) throw new Error(`simdnet: this runtime gives modules no URL to find build/${name} from`);
  return new URL(`../build/${name}`, here);
}

/** The worker-thread entry that serves training steps. */
export function workerFile(): string {
  return new URL(`./parallel/worker${ext}`, here).href;
}

/** The Web Worker bundle that serves training steps in a browser (dist/web-worker.js). */
export function webWorkerFile(): URL {
  return new URL('./web-worker.js', here);
}
