// The browser and edge stand-in for src/kernel-files.ts: no file system, so the kernels come
// through init() (a URL fetched, bytes, or a compiled module).

export function readKernelFile(_name: string): Uint8Array | undefined {
  return undefined;
}

export const canReadKernels = false;
