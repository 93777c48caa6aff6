// Files that must never be half-written: write a temporary file beside the target,
// fsync it, rename it over the target (atomic on POSIX), then fsync the directory.
// A crash at any point leaves either the old file or the new one.
import { readFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { IOError } from '../errors.js';

export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  if (typeof path !== 'string' || path === '')
    throw new IOError(`save: expected a file path, received ${JSON.stringify(path)}`);
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  // node:fs/promises on demand: loading a model (a cold start) never needs it
  const { open, rename, rm } = await import('node:fs/promises');
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new IOError(`save: cannot write ${path}: ${(e as Error).message}`);
  }
  await syncDir(dir);
}

// Makes the rename durable; some platforms cannot open or fsync a directory, which is fine.
async function syncDir(dir: string): Promise<void> {
  try {
    const { open } = await import('node:fs/promises');
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported here */
  }
}

// One synchronous read: a model file is read once, and the promise API's several thread-pool
// round trips cost a cold start more than the read itself.
export async function readFileBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new IOError(`${what}: cannot read ${path}: ${(e as Error).message}`);
  }
}
