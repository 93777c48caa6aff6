// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of zip and PNG:
// catches every burst error up to 32 bits in a saved model.
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

import * as zlib from 'node:zlib';

// Node ≥ 20.15 has it natively (much faster on a cold start); elsewhere the table below.
const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export function crc32(bytes: Uint8Array): number {
  if (native) return native(bytes) >>> 0;
  return crc32Table(bytes);
}

/** The table-driven CRC-32 (used where zlib.crc32 is missing, and by tests as the reference). */
export function crc32Table(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
