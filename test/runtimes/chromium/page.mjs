// The test page's script (chromium.test.ts): the web bundle in a real browser: a model saved
// by Node predicts, training on the main thread and on two Web Workers; the outcome, as bit
// patterns (cases.mjs), is left in window.result for the test to read.
import * as simdnet from '/dist/web.bundle.js';
import { predictCase, trainCase } from '/test/runtimes/cases.mjs';

const warnings = [];
const warn = console.warn;
console.warn = (...args) => {
  warnings.push(args.join(' '));
  warn(...args);
};
try {
  const wasm = new URL(location.href).searchParams.get('wasm');
  const { build } = await simdnet.init(`/build/${wasm}`);
  const bytes = new Uint8Array(await (await fetch('/model.simdnet')).arrayBuffer());
  const predict = predictCase(simdnet, bytes);
  const one = await trainCase(simdnet, 1);
  const two = await trainCase(simdnet, 2);
  window.result = { build, isolated: globalThis.crossOriginIsolated, predict, one, two, warnings };
} catch (e) {
  window.result = { error: String(e?.stack ?? e) };
}
