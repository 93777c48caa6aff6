import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.js';

test('--help prints usage with every option and exits 0', async () => {
  const lines: string[] = [];
  assert.is(await main(['--help'], (s) => lines.push(s)), 0);
  const text = lines.join('\n');
  for (const opt of ['--epochs', '--batch-size', '--lr', '--momentum', '--hidden', '--seed', '--data', '--limit']) assert.match(text, opt);
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

test('bad options exit non-zero with a message naming the option', async () => {
  const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], { encoding: 'utf8' });
  const r = run('train', '--batch-size', '0');
  assert.is(r.status, 1);
  assert.match(r.stderr, /--batch-size: expected an integer ≥ 1, received "0"/);
  const u = run('train', '--nope');
  assert.is(u.status, 2);
  assert.match(u.stderr, /Unknown option '--nope'/);
  assert.is(run('fly').status, 2);
});

test.run();
