// simdnet in a real browser: headless Chromium loads a page (chromium/page.mjs) served on
// 127.0.0.1 that uses the web bundle. Cross-origin isolated (COOP/COEP), a model saved by
// Node predicts the same bits and training gives Node's weights on the main thread and on
// two Web Workers sharing the model's memory; without isolation, `workers: 2` trains on the
// main thread with one warning. Skipped, saying so, where Chromium is not installed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import * as simdnet from '../../src/index.js';
import { data, model, predictCase, trainCase } from './cases.mjs';
import { staticServer } from './serve.js';
import { launchChromium } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let browser: Browser | undefined;
let missing: string | undefined;
let modelBytes: Uint8Array;
let node: { one: { weights: string; loss: number }; predict: string };

test.before(async () => {
  ({ browser, missing } = await launchChromium());
  if (missing) console.log(`  skipped: ${missing}`);
  const m = model(simdnet);
  const { x, y } = data(simdnet);
  await m.fit(x, y, { epochs: 1, batchSize: 64 });
  modelBytes = simdnet.modelToBytes(m);
  node = { one: await trainCase(simdnet, 1), predict: predictCase(simdnet, modelBytes) };
});

test.after(async () => {
  await browser?.close();
});

// The page's result, served with or without cross-origin isolation; console errors fail it.
async function runPage(isolated: boolean) {
  const { url, server } = await staticServer(root, isolated, { '/model.simdnet': modelBytes });
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const wasm = simdnet.backendInfo().build === 'relaxed-simd' ? 'simdnet.relaxed.wasm' : 'simdnet.wasm';
    await page.goto(`${url}/test/runtimes/chromium/page.html?wasm=${wasm}`);
    await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, null, { timeout: 60_000 });
    const result = await page.evaluate(() => (window as unknown as { result: Record<string, never> }).result);
    assert.equal(errors, [], 'page errors');
    assert.not.ok(result.error, result.error);
    return result as {
      build: string;
      isolated: boolean;
      predict: string;
      one: { weights: string; loss: number };
      two: { weights: string; loss: number };
      warnings: string[];
    };
  } finally {
    await page.close();
    server.close();
  }
}

test('cross-origin isolated: predictions, one-thread and two-worker training are bit-identical to Node', async () => {
  if (!browser) return;
  const r = await runPage(true);
  assert.ok(r.isolated, 'the page is cross-origin isolated');
  assert.is(r.build, simdnet.backendInfo().build);
  assert.is(r.predict, node.predict);
  assert.is(r.one.weights, node.one.weights);
  assert.is(r.two.weights, node.one.weights);
  assert.is(r.two.loss, node.one.loss);
  assert.equal(r.warnings, [], 'no fallback: the two Web Workers trained');
});

test('not isolated: workers: 2 trains on the main thread, same weights, with one warning', async () => {
  if (!browser) return;
  const r = await runPage(false);
  assert.not.ok(r.isolated);
  assert.is(r.one.weights, node.one.weights);
  assert.is(r.two.weights, node.one.weights);
  assert.is(r.warnings.length, 1, JSON.stringify(r.warnings));
  assert.match(r.warnings[0], /main thread only: .*not cross-origin isolated/);
});

test.run();
