// simdnet in a real browser: headless Chromium loads a page (chromium/page.mjs) served on
// 127.0.0.1 that uses the web bundle. Cross-origin isolated (COOP/COEP), a model saved by
// Node predicts the same bits and training gives Node's weights on the main thread and on
// two Web Workers sharing the model's memory; without isolation, `workers: 2` trains on the
// main thread with one warning; the browser demo and the README's page script run. Skipped,
// saying so, where Chromium is not installed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import * as simdnet from '../../src/index.js';
import { data, model, predictCase, trainCase } from './cases.mjs';
import { staticServer } from './serve.js';
import { launchChromium } from './browser.js';
import { readmeExample, expectedOutput } from './readme.js';

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

test('the browser demo (examples/browser) trains on two Web Workers and learns, without page errors', async () => {
  if (!browser) return;
  const { startDemoServer } = await import('../../examples/browser/serve.mjs');
  const { url, server } = await startDemoServer(0);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${url}?epochs=2`);
    await page.waitForFunction(() => (window as { demo?: unknown }).demo !== undefined, null, { timeout: 60_000 });
    const demo = await page.evaluate(() => (window as unknown as { demo: Record<string, never> }).demo);
    assert.equal(errors, []);
    assert.not.ok(demo.error, demo.error);
    assert.is(demo.threads, '2 threads (Web Workers)');
    assert.ok((demo.accuracy as number) > 0.85, `held-out accuracy ${demo.accuracy}`);
  } finally {
    await page.close();
    server.close();
  }
});

test("the README's page script (app.js) runs on two Web Workers and prints what it says", async () => {
  if (!browser) return;
  const code = readmeExample('app.js');
  const html =
    '<!doctype html><script type="importmap">{"imports": {"simdnet": "/dist/web.bundle.js"}}</script>' +
    '<script type="module" src="/app.js"></script>';
  const enc = new TextEncoder();
  const { url, server } = await staticServer(root, true, {
    '/app.html': enc.encode(html),
    '/app.js': enc.encode(code),
  });
  const page = await browser.newPage();
  const printed: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) =>
    m.type() === 'log' ? printed.push(m.text()) : m.type() === 'warning' && errors.push(m.text()),
  );
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${url}/app.html`);
    const expected = expectedOutput(code);
    const until = Date.now() + 60_000;
    while (printed.length < expected.length && !errors.length && Date.now() < until) await page.waitForTimeout(50);
    assert.equal(errors, [], 'no errors or warnings (a fallback would warn)');
    assert.equal(printed, expected);
  } finally {
    await page.close();
    server.close();
  }
});

test.run();
