// The experiments' claims, asserted at a small scale (experiment NAME --scale 0.1 runs the
// same code): L1 sparser than L2, He keeping relu's signal where randomNormal(0.05) loses it,
// dropout narrowing the train/test gap; and every experiment runs, reports and explains itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EXPERIMENTS, experimentNamed, experimentReport } from '../../src/experiments/index.js';
import { deepNet, stdPerLayer } from '../../src/experiments/initialization.js';
import { FASHION_DIR } from '../../src/experiments/cnn-vs-mlp.js';
import { existsSync } from 'node:fs';
import { randoms } from '../helpers.js';
import type { RunOptions } from '../../src/experiments/experiment.js';

const small = (scale: number): RunOptions => ({ scale, workers: 1, progress: () => undefined });

test('L1 leaves more first-layer weights near zero than L2 (regularization)', async () => {
  const { result } = (await experimentNamed('regularization').run(small(0.1))).data as {
    result: Record<string, { nearZero: number }>;
  };
  assert.ok(result['L1 1e-3'].nearZero > 2 * result['L2 1e-3'].nearZero, JSON.stringify(result));
  assert.ok(result['L1 + L2'].nearZero > 2 * result.none.nearZero);
});

test("He keeps a 10-layer relu net's activation std within 2× where randomNormal(0.05) collapses it", () => {
  const x = { data: randoms(128 * 784, 5).map((v) => Math.abs(v)), shape: [128, 784] };
  const he = stdPerLayer(deepNet('relu', 'heNormal'), x);
  assert.ok(Math.max(...he) / Math.min(...he) < 2, `He: ${he.map((v) => v.toFixed(3))}`);
  const small = stdPerLayer(deepNet('relu', { className: 'RandomNormal', config: { stddev: 0.05 } }), x);
  assert.ok(small[9] / small[0] < 1e-3, `randomNormal(0.05): ${small.map((v) => v.toExponential(1))}`);
});

test('dropout narrows the gap between training and test accuracy (dropout)', async () => {
  const { result } = (await experimentNamed('dropout').run(small(0.5))).data as {
    result: Record<string, { meanGap: number }>;
  };
  assert.ok(result['dropout 0.5'].meanGap < result['dropout 0'].meanGap, JSON.stringify(result));
});

test('every experiment runs at a small scale and reports a table, charts and findings from its numbers', async () => {
  for (const e of EXPERIMENTS) {
    if (e.name === 'regularization' || e.name === 'dropout') continue; // run above
    if (e.name === 'cnn-vs-mlp' && !existsSync(FASHION_DIR)) {
      console.log(`  cnn-vs-mlp skipped: no Fashion-MNIST at ${FASHION_DIR} (apt-get install dataset-fashion-mnist)`);
      continue;
    }
    const outcome = await e.run(small(0.05));
    assert.ok(outcome.table.rows.length > 0, e.name);
    assert.ok(
      outcome.findings.length >= 2 && outcome.findings.every((f) => /\d/.test(f)),
      `${e.name}: numbers in findings`,
    );
    assert.not.ok(
      outcome.findings.some((f) => /NaN|undefined/.test(f)),
      `${e.name}: ${outcome.findings.join(' ')}`,
    );
    const html = await experimentReport(e, outcome, 1, 'test');
    assert.is(html.match(/<svg/g)?.length, outcome.charts.length, `${e.name}: one SVG per chart`);
  }
});

test('an unknown experiment is a ValueError listing the known ones', () => {
  assert.throws(
    () => experimentNamed('boosting'),
    (e: Error) => /expected one of gradient-descent, .*lstm-vs-gcnn, received "boosting"/.test(e.message),
  );
});

test.run();
