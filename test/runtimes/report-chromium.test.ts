// Reports as a person sees them: headless Chromium opens a run report and an experiment's
// report, every chart has drawn marks (Vega's role-mark groups hold paths), the console stays
// clean, and a screenshot is saved. Skipped, saying so, where Chromium is not installed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Sequential, Dense, SGD, tensor } from '../../src/index.js';
import { runReport } from '../../src/report.js';
import { experimentNamed, experimentReport } from '../../src/experiments/index.js';
import { launchChromium } from './browser.js';
import { randoms } from '../helpers.js';

let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), 'simdnet-report-view-'));

test.before(async () => {
  const launched = await launchChromium();
  browser = launched.browser;
  if (launched.missing) console.log(`  skipped: ${launched.missing}`);
});
test.after(async () => {
  await browser?.close();
});

async function look(name: string, html: string): Promise<{ charts: number; marks: number[] }> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser!.newPage({ viewport: { width: 1000, height: 800 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`file://${file}`);
    const marks = await page.evaluate(() =>
      [...document.querySelectorAll('figure.chart svg')].map(
        (svg) => svg.querySelectorAll('g[class*="role-mark"] path').length,
      ),
    );
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    assert.equal(errors, [], `${name}: console errors`);
    return { charts: marks.length, marks };
  } finally {
    await page.close();
  }
}

test('a run report and an experiment report draw every chart, without console errors', async () => {
  if (!browser) return;
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 8, activation: 'tanh', inputShape: [4] }));
  m.add(new Dense({ units: 2, activation: 'softmax' }));
  m.compile({
    optimizer: new SGD({ learningRate: 0.1 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const x = tensor(randoms(64 * 4, 1), [64, 4]);
  const history = await m.fit(
    x,
    tensor(
      Array.from({ length: 64 }, (_, i) => i % 2),
      [64],
    ),
    { epochs: 3 },
  );
  const run = await look('run', await runReport(m, { history, x }));
  assert.is(run.charts, 4);
  assert.ok(
    run.marks.every((n) => n > 0),
    `marks per chart: ${run.marks}`,
  );
  const e = experimentNamed('initialization');
  const outcome = await e.run({ scale: 0.05, workers: 1, progress: () => undefined });
  const exp = await look('initialization', await experimentReport(e, outcome, 1, 'test'));
  assert.is(exp.charts, 2);
  assert.ok(
    exp.marks.every((n) => n > 0),
    `marks per chart: ${exp.marks}`,
  );
  console.log(`  screenshots: ${dir}`);
});

test.run();
