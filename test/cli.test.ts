import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.js';

test('--help prints usage with every option and exits 0', async () => {
  const lines: string[] = [];
  assert.is(await main(['--help'], (s) => lines.push(s)), 0);
  const text = lines.join('\n');
  for (const opt of ['--epochs', '--batch-size', '--lr', '--momentum', '--hidden', '--seed', '--data', '--limit'])
    assert.match(text, opt);
});

test('a short train run prints the summary, samples/s and test accuracy', async () => {
  const lines: string[] = [];
  const code = await main(['train', '--epochs', '1', '--limit', '2000', '--hidden', '32'], (s) => lines.push(s));
  assert.is(code, 0);
  const text = lines.join('\n');
  assert.match(text, /2000 training and 2000 test samples/);
  assert.match(text, /Total params: 25450/);
  assert.match(text, /[\d,]+ samples\/s/);
  const acc = Number(/test accuracy: ([\d.]+)%/.exec(text)![1]);
  assert.ok(acc > 70 && acc <= 100, `accuracy ${acc}`);
});

test('train --save, predict and export --format tfjs work on the saved file', async () => {
  const { mkdtempSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-cli-'));
  const file = join(dir, 'digits.simdnet');
  const lines: string[] = [];
  assert.is(
    await main(['train', '--epochs', '1', '--limit', '1000', '--hidden', '16', '--save', file], (s) => lines.push(s)),
    0,
  );
  const trained = /test accuracy: ([\d.]+)%/.exec(lines.join('\n'))![1];
  lines.length = 0;
  assert.is(await main(['predict', file], (s) => lines.push(s)), 0);
  assert.match(
    lines.join('\n'),
    new RegExp(`accuracy ${trained.replace('.', '\\.')}% on 2000 held-out samples, [\\d,]+ predictions/s`),
  );
  assert.is(await main(['export', file, '--format', 'tfjs', '--out', join(dir, 'tfjs')], () => undefined), 0);
  assert.ok(existsSync(join(dir, 'tfjs', 'model.json')) && existsSync(join(dir, 'tfjs', 'weights.bin')));
  assert.is(await main(['export', file, '--format', 'onnx', '--out', dir], () => undefined), 1);
});

test('bad options exit non-zero with a message naming the option', async () => {
  const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], { encoding: 'utf8' });
  const r = run('train', '--batch-size', '0');
  assert.is(r.status, 1);
  assert.match(r.stderr, /--batch-size: expected an integer ≥ 1, received "0"/);
  const u = run('train', '--nope');
  assert.is(u.status, 2);
  assert.match(u.stderr, /Unknown option '--nope'/);
  assert.is(run('fly').status, 2);
});

test.run();
