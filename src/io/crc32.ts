// CRC-32 of model files on the checksum kernel (assembly/checksum.ts): fast on every
// runtime (a JS byte loop takes ~10 ms per MB on a cold start) and no node:zlib to load.
// The bytes pass through a 64 KiB window of the arena, so a check never grows the
// memory by the file's size.
import type { Arena } from '../memory.js';

const WINDOW = 1 << 16;

/** CRC-32 (IEEE, as zlib and zip) of `bytes`, computed on `arena`'s kernels; arena use is released after. */
export function crc32(arena: Arena, bytes: Uint8Array): number {
  const mark = arena.mark();
  const tables = arena.alloc(8 * 256, 'crc32 tables');
  const window = arena.alloc(WINDOW / 4, 'crc32 window');
  arena.k.crc32_tables(tables);
  let crc = 0;
  for (let at = 0; at < bytes.length; at += WINDOW) {
    const part = bytes.subarray(at, at + WINDOW);
    arena.u8.set(part, window);
    crc = arena.k.crc32_update(crc, window, part.length, tables);
  }
  arena.release(mark);
  return crc >>> 0;
}
