import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../src/cli.js';

const run = async (...args: string[]) => {
  const lines: string[] = [];
  const errors: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => errors.push(s)) as typeof process.stderr.write;
  try {
    const code = await main(args, (s) => lines.push(s));
    return { code, out: lines.join('\n'), err: errors.join('') };
  } finally {
    process.stderr.write = write;
  }
};

test('train --task spam: the SpamAssassin e-mails, a seeded 80/20 split, tokens/s and test accuracy', async () => {
  const r = await run('train', '--task', 'spam', '--model', 'cnn', '--limit', '400', '--epochs', '1', '--steps', '64');
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /400 training and 1209 test e-mails of the SpamAssassin corpus/);
  assert.match(r.out, /first 64 bytes/);
  assert.match(r.out, /[\d,]+ tokens\/s/);
  const acc = Number(/test accuracy: ([\d.]+)%/.exec(r.out)![1]);
  assert.ok(acc > 50 && acc <= 100, `accuracy ${acc}`);
});

test('train --task lm --text FILE: held-out bits per character and a sample, the same for the same seed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-lm-'));
  const file = join(dir, 'text.txt');
  writeFileSync(file, 'the quick brown fox jumps over the lazy dog. '.repeat(200));
  const args = ['train', '--task', 'lm', '--text', file, '--model', 'gcnn', '--steps', '16', '--epochs', '3'];
  const a = await run(...args, '--temperature', '0.5');
  assert.is(a.code, 0, a.err);
  const bits = Number(/held-out: ([\d.]+) bits per character/.exec(a.out)![1]);
  assert.ok(bits > 0 && bits < 3, `${bits} bits per character on a repeated sentence`);
  const sample = a.out.slice(a.out.indexOf('sample (temperature 0.5)'));
  assert.ok(sample.split('\n')[1].length > 0);
  const b = await run(...args, '--temperature', '0.5');
  assert.is(b.out.slice(b.out.indexOf('sample (')), sample, 'same seed, same sample');
});

test('text options: wrong task, model, file or temperature are errors naming the option', async () => {
  const cases: [string[], RegExp][] = [
    [['train', '--task', 'poems'], /--task: expected digits, spam or lm, received "poems"/],
    [['train', '--task', 'lm', '--model', 'cnn'], /--model: --task lm takes lstm, gcnn, received "cnn"/],
    [['train', '--task', 'spam', '--text', 'x.txt'], /--text applies to --task lm/],
    [['train', '--task', 'spam', '--hidden', '8'], /--hidden applies to --task digits/],
    [['train', '--steps', '8'], /--steps applies to --task spam or lm/],
    [
      ['train', '--task', 'lm', '--text', '/nonexistent/simdnet.txt'],
      /--text "\/nonexistent\/simdnet.txt": cannot read it \(ENOENT\)/,
    ],
    [['train', '--task', 'lm', '--temperature', 'hot'], /--temperature: expected a number, received "hot"/],
  ];
  for (const [args, message] of cases) {
    const r = await run(...args);
    assert.is(r.code, 1, args.join(' '));
    assert.match(r.err, message);
  }
});

test.run();
