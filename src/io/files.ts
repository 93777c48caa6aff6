// Files that must never be half-written: write a temporary file beside the target,
// fsync it, rename it over the target (atomic on POSIX), then fsync the directory.
// A crash at any point leaves either the old file or the new one.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { IOError, quote, type SimdnetError } from '../errors.js';

export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new IOError(`save: expected a file path, received ${quote(path)}`);
  const dir = dirname(path);
  const tmp = join(dir, `${tempPrefix(path)}${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  // node:fs/promises on demand: loading a model (a cold start) never needs it
  const { open, rename, rm } = await import('node:fs/promises');
  await removeStaleTemps(path);
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
    const code = (e as NodeJS.ErrnoException).code;
    throw new IOError(`save: cannot write ${quote(path)}${code ? ` (${code})` : ''}`);
  }
  await syncDir(dir);
}

/** Temp files of saves to `path` are named `.<name>.<pid>.<random>.tmp` beside it. */
function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

// Temp files that saves to `path` by processes no longer running left behind (a kill during
// a save): removed before the next save to that path. A live process's temp is left alone.
async function removeStaleTemps(path: string): Promise<void> {
  const { readdir, rm } = await import('node:fs/promises');
  const prefix = tempPrefix(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    await rm(join(dirname(path), name), { force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, not ours
  }
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

/** Bytes any one file read may take: the 2 GiB a model's WebAssembly memory can hold. */
export const MAX_READ_BYTES = 2 ** 31;

/**
 * Reads a whole regular file, at most `max` bytes, in one synchronous read (a model file is
 * read once, and the promise API's thread-pool round trips cost a cold start more than the
 * read). Only regular files: a FIFO, a device (/dev/zero behind a symlink) or a directory is
 * refused before reading; it is opened non-blocking and checked again on the descriptor, so
 * swapping the file for a FIFO in between cannot hang. Reads exactly the size it saw: a file
 * that grows while it is read is an error, not an unbounded read.
 */
export function readRegularFile(
  path: string,
  what: string,
  max = MAX_READ_BYTES,
  ErrorClass: new (message: string) => SimdnetError = IOError,
): Uint8Array {
  if (typeof path !== 'string' || path === '')
    throw new ErrorClass(`${what}: expected a file path, received ${quote(path)}`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new ErrorClass(`${what}: cannot read ${quote(path)}: ${(e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ErrorClass(`${what}: ${quote(path)} is ${kindOf(st)}, not a regular file`);
    if (st.size > max) {
      throw new ErrorClass(`${what}: ${quote(path)} has ${st.size} bytes, more than the ${max} this read takes`);
    }
    const bytes = new Uint8Array(st.size);
    let at = 0;
    while (at < st.size) {
      const n = readSync(fd, bytes, at, st.size - at, null);
      if (n === 0) throw new ErrorClass(`${what}: ${quote(path)} shrank while it was read`);
      at += n;
    }
    if (readSync(fd, new Uint8Array(1), 0, 1, null) !== 0) {
      throw new ErrorClass(`${what}: ${quote(path)} grew while it was read`);
    }
    return bytes;
  } catch (e) {
    if (e instanceof ErrorClass) throw e;
    throw new ErrorClass(`${what}: cannot read ${quote(path)}: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export async function readFileBytes(path: string, what: string): Promise<Uint8Array> {
  return readRegularFile(path, what);
}
