// Reading a kernel build from the package's build/ folder, synchronously: how Node, Deno and
// Bun load the kernels on first use. The browser and edge bundles replace this module with
// web/kernel-files.ts (.ci/bundle-web.mjs), where kernels come through init().
import { existsSync, readFileSync } from 'node:fs';
import { wasmFile } from './paths.js';

/** The bytes of build/`name`, or undefined where the file is not there. */
export function readKernelFile(name: string): Uint8Array | undefined {
  const file = wasmFile(name);
  return existsSync(file) ? readFileSync(file) : undefined;
}

/** Whether this runtime can read the kernels itself (without init). */
export const canReadKernels = true;
