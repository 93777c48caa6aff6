// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) of model files, slicing-by-8
// (Kounavis & Berry, "A Systematic Approach to Building High Performance Software-Based
// CRC Generators", 2005): eight table lookups per 8 bytes instead of a chain of eight.
// The host checks a file in chunks, so no more memory than a chunk is ever needed.

const POLY: u32 = 0xedb88320;

/** Writes the 8 × 256 u32 lookup tables (8 KiB) at t; T0 is the bytewise table, Tk advances Tk−1 by a zero byte. */
export function crc32_tables(t: usize): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLY ^ (c >>> 1) : c >>> 1;
    store<u32>(t + (<usize>n << 2), c);
  }
  for (let k: usize = 1; k < 8; k++) {
    for (let n: usize = 0; n < 256; n++) {
      const prev = load<u32>(t + ((k - 1) << 10) + (n << 2));
      store<u32>(t + (k << 10) + (n << 2), (prev >>> 8) ^ load<u32>(t + (<usize>(prev & 0xff) << 2)));
    }
  }
}

// Table k, entry i.
// @ts-ignore: decorator
@inline function T(t: usize, k: usize, i: u32): u32 {
  return load<u32>(t + (k << 10) + (<usize>i << 2));
}

/**
 * The CRC-32 of p(n) bytes continuing from `crc` (the CRC of the bytes before; 0 to start),
 * as zlib's crc32(data, value). `t` holds the tables of crc32_tables.
 */
export function crc32_update(crc: u32, p: usize, n: usize, t: usize): u32 {
  let c = ~crc;
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const lo = load<u32>(p + i) ^ c; // wasm is little-endian: byte 0 in the low bits
    const hi = load<u32>(p + i + 4);
    c = T(t, 7, lo & 0xff) ^ T(t, 6, (lo >>> 8) & 0xff) ^ T(t, 5, (lo >>> 16) & 0xff) ^ T(t, 4, lo >>> 24) ^
        T(t, 3, hi & 0xff) ^ T(t, 2, (hi >>> 8) & 0xff) ^ T(t, 1, (hi >>> 16) & 0xff) ^ T(t, 0, hi >>> 24);
  }
  for (; i < n; i++) c = T(t, 0, (c ^ load<u8>(p + i)) & 0xff) ^ (c >>> 8);
  return ~c;
}
