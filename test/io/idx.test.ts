import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIdx, loadIdxDir } from '../../src/io/idx.js';
import { FormatError } from '../../src/errors.js';

function idx(type: number, shape: number[], body: number[]): Uint8Array {
  const head = [0, 0, type, shape.length];
  for (const d of shape) head.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...head, ...body]);
}

test('parseIdx reads ubyte and big-endian int32 files, raw and gzipped', () => {
  const raw = idx(0x08, [2, 3], [0, 1, 2, 253, 254, 255]);
  for (const bytes of [raw, gzipSync(raw)]) {
    const { shape, data } = parseIdx(bytes, 'test');
    assert.equal(shape, [2, 3]);
    assert.equal(Array.from(data), [0, 1, 2, 253, 254, 255]);
  }
  const ints = parseIdx(idx(0x0c, [2], [0, 0, 1, 0, 255, 255, 255, 255]), 'ints');
  assert.equal(Array.from(ints.data), [256, -1]);
});

test('parseIdx rejects bad magic, unknown types, truncation and corrupt gzip with FormatError', () => {
  const bad = (bytes: Uint8Array, re: RegExp) =>
    assert.throws(
      () => parseIdx(bytes, 'f'),
      (e: Error) => e instanceof FormatError && re.test(e.message),
    );
  bad(Uint8Array.from([1, 2, 3, 4]), /bad magic/);
  bad(Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 1, 0]), /unknown IDX data type 0x42/);
  bad(idx(0x08, [2, 3], [1, 2, 3]), /header says 2×3 values \(6 bytes\) but 3 bytes follow/);
  bad(Uint8Array.from([0, 0, 8, 2, 0, 0]), /truncated IDX header/);
  bad(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), /corrupt gzip/);
});

test('loadIdxDir reads the MNIST layout and scales pixels to [0, 1]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-idx-'));
  writeFileSync(
    join(dir, 'train-images-idx3-ubyte.gz'),
    gzipSync(idx(0x08, [2, 2, 2], [0, 255, 51, 102, 255, 0, 0, 0])),
  );
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx(0x08, [2], [3, 7]));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx(0x08, [1, 2, 2], [0, 0, 0, 255]));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx(0x08, [1], [1])));
  const { train, test } = loadIdxDir(dir);
  assert.equal(train.sample, [4]);
  assert.equal(Array.from(train.images), [0, 1, 0.2, 0.4, 1, 0, 0, 0].map(Math.fround));
  assert.equal(Array.from(train.labels), [3, 7]);
  assert.is(test.rows, 1);
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx(0x08, [2], [1, 2])));
  assert.throws(
    () => loadIdxDir(dir),
    (e: Error) => e instanceof FormatError && /expected 1 labels/.test(e.message),
  );
  assert.throws(
    () => loadIdxDir(join(dir, 'missing')),
    (e: Error) => e instanceof FormatError && /missing.*cannot open the directory \(ENOENT\)/.test(e.message),
  );
});

test('a gzip bomb stops at the size its IDX header promises; a lying header is refused', () => {
  const header = (n: number) =>
    Uint8Array.from([0, 0, 8, 1, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  // 8 header bytes promising 10 values, then 64 MiB of zeros: 64 KiB of gzip
  const bomb = gzipSync(Buffer.concat([header(10), Buffer.alloc(64 * 2 ** 20)]), { level: 9 });
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  assert.throws(
    () => parseIdx(bomb, 'bomb'),
    (e: Error) => e instanceof FormatError && /inflates past the 18 bytes its IDX header promises/.test(e.message),
  );
  assert.ok(
    performance.now() - t0 < 1000 && process.memoryUsage().rss - rss0 < 32 * 2 ** 20,
    'bounded time and memory',
  );
  const huge = Buffer.concat([Uint8Array.from([0, 0, 8, 2, 255, 255, 255, 255, 255, 255, 255, 255])]);
  assert.throws(
    () => parseIdx(gzipSync(huge), 'huge'),
    (e: Error) => e instanceof FormatError && /more than 1073741824/.test(e.message),
  );
  assert.throws(
    () => parseIdx(Buffer.concat([header(3), Buffer.alloc(2)]), 'short'),
    (e: Error) => /but 2 bytes follow/.test(e.message),
  );
  assert.equal(
    Array.from(parseIdx(gzipSync(Buffer.concat([header(3), Buffer.from([1, 2, 3])])), 'ok').data),
    [1, 2, 3],
  );
});

test.run();
