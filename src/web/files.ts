// The browser and edge stand-in for io/files.ts: these runtimes have no file system, so a
// file path is an IOError that says what to use instead.
import { IOError } from '../errors.js';

const noFiles = (path: unknown): never => {
  throw new IOError(
    `simdnet: this runtime has no file system (path ${JSON.stringify(String(path)).slice(0, 100)}); ` +
      'use modelToBytes / modelFromBytes',
  );
};

export const MAX_READ_BYTES = 2 ** 31;

export async function writeFileAtomic(path: string, _bytes: Uint8Array): Promise<void> {
  noFiles(path);
}

export function readRegularFile(path: string, ..._rest: unknown[]): never {
  return noFiles(path);
}

export async function readFileBytes(path: string, _what: string): Promise<Uint8Array> {
  return noFiles(path);
}
