// simdnet/report: a run's report (history, parameter histograms, activations) as one
// self-contained page; layerOutputs; the CLI's --report; bad paths.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sequential, Dense, Dropout, SGD, ExponentialDecay, tensor } from '../src/index.js';
import { runReport, layerOutputs, stats, reportHtml, learningRateLog } from '../src/report.js';
import { randoms } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const x = tensor(randoms(200 * 8, 2), [200, 8]);
const y = tensor(
  Array.from({ length: 200 }, (_, i) => i % 2),
  [200],
);

function model() {
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 12, activation: 'relu', inputShape: [8] }));
  m.add(new Dropout({ rate: 0.3 }));
  m.add(new Dense({ units: 2, activation: 'softmax' }));
  m.compile({
    optimizer: new SGD({ learningRate: 0.1 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return m;
}

test('layerOutputs: every layer on x, the last equal to predict, dropout off', () => {
  const m = model();
  const outs = layerOutputs(m, x);
  assert.equal(
    outs.map((o) => o.shape),
    [
      [200, 12],
      [200, 12],
      [200, 2],
    ],
  );
  assert.equal(Array.from(outs[2].data), Array.from(m.predict(x).data));
  assert.equal(Array.from(outs[1].data), Array.from(outs[0].data), 'dropout is the identity in inference');
  const s = stats(outs[0].data);
  assert.ok(s.zeros > 0.2 && s.zeros < 0.8, `relu zeros ${s.zeros}`);
});

test('runReport: history, parameters and activations as inline SVG charts, nothing fetched', async () => {
  const m = model();
  const history = await m.fit(x, y, { epochs: 3, batchSize: 32, validationSplit: 0.25 });
  const html = await runReport(m, { history, x, notes: ['a test run'] });
  assert.is(html.match(/<svg/g)?.length, 4, 'loss, metrics, parameter histograms, activation std');
  const lr = learningRateLog();
  const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 5, decayRate: 0.5 });
  m.compile({ optimizer: new SGD({ learningRate: schedule }), loss: 'sparseCategoricalCrossentropy' });
  const h2 = await m.fit(x, y, { epochs: 3, batchSize: 32, callbacks: [lr] });
  assert.is(lr.values.length, 3);
  assert.ok(lr.values[2] < lr.values[0], `a decaying schedule: ${lr.values}`);
  const withRates = await runReport(m, { history: h2, learningRates: lr.values });
  assert.ok(withRates.includes('Learning rate at the end of each epoch'));
  for (const section of ['Training history', 'Parameters', 'Activations', 'a test run'])
    assert.ok(html.includes(section));
  assert.ok(html.includes('val_loss') && html.includes('dense'));
  assert.not.match(html, /<script|<link|src="http|url\(http/, 'self-contained');
});

test('reportHtml escapes text', () => {
  const html = reportHtml('<b>', 'a & b', [{ title: 'x<y', text: ['"q"'], table: { head: ['h'], rows: [['<td>']] } }]);
  assert.ok(
    html.includes('&lt;b&gt;') && html.includes('a &amp; b') && html.includes('x&lt;y') && html.includes('&lt;td&gt;'),
  );
  assert.not.ok(html.includes('<b>'));
});

test('simdnet train --report writes the page; an unwritable --report fails before training', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-report-'));
  try {
    const file = join(dir, 'run.html');
    const args = ['--import', 'tsx', 'src/bin.ts', 'train', '--limit', '300', '--epochs', '2', '--report', file];
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /report: .*run\.html/);
    assert.is(
      readFileSync(file, 'utf8').match(/<svg/g)?.length,
      5,
      'loss, metrics, learning rate, parameters, activations',
    );
    const bad = spawnSync(process.execPath, [...args.slice(0, -1), join(dir, 'missing', 'run.html')], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.is(bad.status, 1);
    assert.match(bad.stderr, /--report .*cannot write in/);
    assert.not.match(bad.stdout, /epoch/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('simdnet experiment NAME prints a table and findings, writes the report; bad names and scales fail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-experiment-'));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'experiment', ...args], {
      cwd: root,
      encoding: 'utf8',
    });
  try {
    const file = join(dir, 'init.html');
    const r = cli('initialization', '--scale', '0.05', '--report', file);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /relu under He: the output std stays within a factor/);
    assert.match(r.stdout, /activation\s+initializer/);
    assert.is(readFileSync(file, 'utf8').match(/<svg/g)?.length, 2);
    const unknown = cli('boosting');
    assert.is(unknown.status, 1);
    assert.match(unknown.stderr, /experiment: expected one of gradient-descent, .*received "boosting"/);
    const scale = cli('dropout', '--scale', '2');
    assert.is(scale.status, 1);
    assert.match(scale.stderr, /--scale: expected a number in \(0, 1\], received 2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
