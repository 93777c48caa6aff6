import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Arena } from '../src/memory.js';
import { MemoryLimitError } from '../src/errors.js';

test('views are re-acquired after the memory grows: no stale reads or writes', () => {
  const arena = new Arena();
  const a = arena.alloc(4, 'a');
  const before = arena.f32;
  arena.write(a, [1, 2, 3, 4]);
  const big = arena.alloc(4 * 2 ** 20, 'big'); // 16 MiB: forces growth
  assert.ok(arena.usage.pages * 65536 >= big + 16 * 2 ** 20);
  assert.ok(arena.f32 !== before && arena.f32.length > before.length);
  arena.k.fill(big, 4 * 2 ** 20, 7);
  assert.is(arena.f32[(big >> 2) + 4 * 2 ** 20 - 1], 7);
  assert.equal(Array.from(arena.read(a, 4)), [1, 2, 3, 4]);
});

test('allocations are 64-byte aligned; release frees back to a mark', () => {
  const arena = new Arena();
  const m = arena.mark();
  const p = arena.alloc(3, 'p');
  const q = arena.alloc(1, 'q');
  assert.is(p % 64, 0);
  assert.is(q % 64, 0);
  arena.release(m);
  assert.is(arena.alloc(1, 'r'), p);
});

test('a request beyond the memory limit is a MemoryLimitError before anything is allocated', () => {
  const arena = new Arena();
  const pages = arena.usage.pages;
  assert.throws(
    () => arena.alloc(2 ** 30, 'weights of layer x'),
    (e: Error) => e instanceof MemoryLimitError && /weights of layer x: needs 4096.0 MiB/.test(e.message),
  );
  assert.is(arena.usage.pages, pages);
});

test.run();
