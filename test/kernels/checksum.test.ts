import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crc32Ref } from '../ref/crc32.js';
import { crc32 } from '../../src/io/crc32.js';
import { Harness } from '../helpers.js';

const h = new Harness();

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed * 2654435761;
  for (let i = 0; i < n; i++) out[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
  return out;
}

test('crc32_update matches the bytewise reference at every length and byte offset near the 8-byte blocks', () => {
  h.reset();
  const tables = h.buf(8 * 256);
  h.k.crc32_tables(tables.ptr);
  for (let n = 0; n <= 40; n++) {
    for (let offset = 0; offset < 8; offset++) {
      const data = bytes(n, n * 8 + offset);
      const at = h.buf(Math.ceil((n + offset) / 4) + 1).ptr + offset;
      h.arena.u8.set(data, at);
      assert.is(h.k.crc32_update(0, at, n, tables.ptr) >>> 0, crc32Ref(data), `n=${n} offset=${offset}`);
    }
  }
  h.read(tables); // the tables' guards are intact
});

test('crc32_update continues a running CRC, as zlib.crc32(data, value)', () => {
  h.reset();
  const tables = h.buf(8 * 256);
  h.k.crc32_tables(tables.ptr);
  const data = bytes(1000, 3);
  const at = h.buf(250).ptr;
  h.arena.u8.set(data, at);
  const first = h.k.crc32_update(0, at, 333, tables.ptr) >>> 0;
  assert.is(first, crc32Ref(data.subarray(0, 333)));
  assert.is(h.k.crc32_update(first, at + 333, 667, tables.ptr) >>> 0, crc32Ref(data));
});

test('crc32 of known strings (the zip/PNG check value of "123456789" is 0xCBF43926)', () => {
  const enc = new TextEncoder();
  assert.is(crc32(h.arena, enc.encode('123456789')), 0xcbf43926);
  assert.is(crc32(h.arena, new Uint8Array(0)), 0);
  assert.is(crc32Ref(enc.encode('123456789')), 0xcbf43926);
});

test('crc32 over several 64 KiB windows equals the reference and leaves the arena as it was', () => {
  const data = bytes(200_003, 9);
  const before = h.arena.mark();
  assert.is(crc32(h.arena, data), crc32Ref(data));
  assert.is(h.arena.mark(), before);
});

test.run();
