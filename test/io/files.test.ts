// Hostile files: special files, files that grow, a directory for a file, stale temps of
// killed saves. Each gives a typed error within bounded time and memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequential, Dense, IOError, FormatError, loadModel, importTfjs } from '../../src/index.js';
import { readIdx } from '../../src/io/idx.js';
import { readRegularFile } from '../../src/io/files.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-files-'));
const zero = join(dir, 'zero.simdnet');
symlinkSync('/dev/zero', zero);
const fifo = join(dir, 'fifo.simdnet');
spawnSync('mkfifo', [fifo]);

async function rejects(p: Promise<unknown>, Type: new (...a: never[]) => Error, re: RegExp): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: Error) => err,
  );
  assert.ok(e instanceof Type, `expected ${Type.name}, received ${e}`);
  assert.match(e!.message, re);
}

test('a model path that is /dev/zero, a FIFO or a directory is refused before reading', async () => {
  const t0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  await rejects(loadModel(zero), IOError, /is a device, not a regular file/);
  assert.ok(existsSync(fifo), 'mkfifo made the FIFO');
  await rejects(loadModel(fifo), IOError, /is a FIFO, not a regular file/);
  await rejects(loadModel(dir), IOError, /is a directory, not a regular file/);
  await rejects(loadModel(join(dir, 'absent')), IOError, /cannot read .*ENOENT/);
  assert.ok(performance.now() - t0 < 2000, 'bounded time');
  assert.ok(process.memoryUsage().rss - rss0 < 64 * 2 ** 20, 'bounded memory');
});

test('reads stop at the size seen and at the bound given', () => {
  const f = join(dir, 'ten');
  writeFileSync(f, new Uint8Array(10));
  assert.is(readRegularFile(f, 'test').length, 10);
  assert.throws(
    () => readRegularFile(f, 'test', 9),
    (e: Error) => e instanceof IOError && /10 bytes, more than the 9/.test(e.message),
  );
  assert.throws(
    () => readIdx(zero),
    (e: Error) => e instanceof FormatError && /device/.test(e.message),
  );
});

test('a TensorFlow.js shard that is /dev/zero, or a path leaving the directory, is refused', async () => {
  const m = join(dir, 'tfjs');
  mkdirSync(m);
  const topology = {
    class_name: 'Sequential',
    config: { layers: [{ class_name: 'Dense', config: { units: 2, batch_input_shape: [null, 3] } }] },
  };
  const weights = [
    { name: 'd/kernel', shape: [3, 2], dtype: 'float32' },
    { name: 'd/bias', shape: [2], dtype: 'float32' },
  ];
  const write = (paths: string[]) =>
    writeFileSync(
      join(m, 'model.json'),
      JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths, weights }] }),
    );
  symlinkSync('/dev/zero', join(m, 'zero.bin'));
  write(['zero.bin']);
  await rejects(importTfjs(m), IOError, /device, not a regular file/);
  write(['../../etc/passwd']);
  await rejects(importTfjs(m), FormatError, /leaves the model directory/);
  writeFileSync(join(m, 'big.bin'), new Uint8Array(10_000));
  write(['big.bin']);
  await rejects(importTfjs(m), IOError, /10000 bytes, more than the 32/);
});

test('a save removes stale temp files of killed saves, keeps a live one, and names the real target', async () => {
  const target = join(dir, 'model.simdnet');
  const dead = join(dir, '.model.simdnet.999999.abc.tmp'); // no such process
  const live = join(dir, `.model.simdnet.${process.pid}.xyz.tmp`); // ours: a save in progress
  const other = join(dir, '.other.simdnet.999999.abc.tmp');
  for (const f of [dead, live, other]) writeFileSync(f, 'partial');
  const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
  await m.save(target);
  assert.not.ok(existsSync(dead), 'the dead process temp is gone');
  assert.ok(existsSync(live) && existsSync(other), 'a live save and other targets are left alone');
  const blocked = join(dir, 'no-such-dir', 'm.simdnet');
  await rejects(m.save(blocked), IOError, /cannot write ".*no-such-dir\/m.simdnet" \(ENOENT\)/);
  const e = await m.save(blocked).catch((err: Error) => err);
  assert.not.match((e as Error).message, /\.tmp/);
  assert.ok(readdirSync(dir).every((f) => !f.startsWith('.m.simdnet')));
});

test.run();
