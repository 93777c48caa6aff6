import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.js';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const require = createRequire(import.meta.url);

test('--help prints usage with every option and exits 0', async () => {
  const lines: string[] = [];
  assert.is(await main(['--help'], (s) => lines.push(s)), 0);
  const text = lines.join('\n');
  for (const opt of [
    '--model',
    '--epochs',
    '--batch-size',
    '--lr',
    '--momentum',
    '--hidden',
    '--seed',
    '--data',
    '--limit',
  ])
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

test('train --model cnn builds mnist_convnet on [28, 28, 1] digits; its saved file predicts', async () => {
  const { mkdtempSync } = await import('node:fs');
  const file = join(mkdtempSync(join(tmpdir(), 'simdnet-cnn-')), 'cnn.simdnet');
  const lines: string[] = [];
  const args = ['train', '--model', 'cnn', '--epochs', '2', '--limit', '2048', '--workers', '2', '--save', file];
  assert.is(await main(args, (s) => lines.push(s)), 0);
  const text = lines.join('\n');
  assert.match(text, /conv2d \(Conv2D\)\s+\[null, 26, 26, 32\]\s+320/);
  assert.match(text, /conv2d_\d+ \(Conv2D\)\s+\[null, 11, 11, 64\]\s+18496/);
  assert.match(text, /Total params: 34826/); // as Keras's model.summary() of mnist_convnet
  assert.match(text, /on 2 threads: [\d,]+ samples\/s/);
  const acc = Number(/test accuracy: ([\d.]+)%/.exec(text)![1]);
  assert.ok(acc > 80, `accuracy ${acc} after two epochs on 2,048 digits`);
  lines.length = 0;
  assert.is(await main(['predict', file], (s) => lines.push(s)), 0);
  assert.match(lines.join('\n'), new RegExp(`accuracy ${acc.toFixed(2).replace('.', '\\.')}%`));
  const bad: string[] = [];
  const err = process.stderr.write;
  process.stderr.write = ((s: string) => bad.push(s)) as never;
  try {
    assert.is(await main(['train', '--model', 'cnn', '--hidden', '64'], () => undefined), 1);
    assert.is(await main(['train', '--model', 'rnn'], () => undefined), 1);
  } finally {
    process.stderr.write = err;
  }
  assert.match(bad.join(''), /--hidden applies to --model mlp/);
  assert.match(bad.join(''), /--model: expected mlp or cnn, received "rnn"/);
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

// Writes an MNIST-layout directory of `n` training images (labels from `label(i)`) and 4 test images.
function idxDir(n: number, label: (i: number) => number): string {
  const { mkdtempSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-idx-'));
  const file = (name: string, dims: number[], values: number[]) => {
    const head = Buffer.alloc(4 + 4 * dims.length);
    head[2] = 8;
    head[3] = dims.length;
    dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
    writeFileSync(join(dir, name), Buffer.concat([head, Buffer.from(values)]));
  };
  const images = (k: number) => Array.from({ length: k * 4 }, (_, i) => (i * 37) % 256);
  file('train-images-idx3-ubyte', [n, 2, 2], images(n));
  file(
    'train-labels-idx1-ubyte',
    [n],
    Array.from({ length: n }, (_, i) => label(i)),
  );
  file('t10k-images-idx3-ubyte', [4, 2, 2], images(4));
  file('t10k-labels-idx1-ubyte', [4], [0, 1, 0, 1]);
  return dir;
}

test('hostile data and options fail before training, with the real reason', async () => {
  const err: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => {
    err.push(String(s));
    return true;
  }) as typeof process.stderr.write;
  const run = async (...args: string[]) => {
    err.length = 0;
    const code = await main(args, () => undefined);
    return { code, text: err.join('') };
  };
  try {
    let r = await run(
      'train',
      '--data',
      idxDir(0, () => 0),
    );
    assert.is(r.code, 1);
    assert.match(r.text, /holds no training samples/);
    r = await run(
      'train',
      '--data',
      idxDir(40, (i) => (i === 7 ? 200 : i % 3)),
      '--epochs',
      '1',
    );
    assert.is(r.code, 1);
    assert.match(r.text, /class 3 has none but sample 7 is labelled 200/);
    r = await run('train', '--data', join(tmpdir(), 'no-such-simdnet-dir'));
    assert.is(r.code, 1);
    assert.match(r.text, /cannot open the directory \(ENOENT\)/);
    const started = performance.now();
    r = await run(
      'train',
      '--data',
      idxDir(40, (i) => i % 2),
      '--save',
      '/proc/no/such/model.simdnet',
    );
    assert.is(r.code, 1);
    assert.match(r.text, /--save "\/proc\/no\/such\/model.simdnet": cannot write in/);
    assert.ok(performance.now() - started < 2000, 'refused before training');
    r = await run('train', '--lr', '1e6', '--limit', '500', '--epochs', '2', '--hidden', '16');
    assert.is(r.code, 1);
    assert.match(r.text, /diverge|became|non-finite/);
  } finally {
    process.stderr.write = write;
  }
});

test.run();
