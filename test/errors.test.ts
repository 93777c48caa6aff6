// Error classes: one family across both entries (simdnet and the simdnet/infer bundles),
// and messages that never echo more than ~100 characters of what they received.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import {
  ModelFileError,
  FormatError,
  SimdnetError,
  ValueError,
  UnknownNameError,
  Dense,
  Sequential,
  quote,
} from '../src/index.js';
import { modelFromBytes } from '../src/io/persist.js';
import { crc32Ref } from './ref/crc32.js';

const require = createRequire(import.meta.url);

test('errors from simdnet/infer (ES module and CommonJS bundles) are instances of the main entry classes', async () => {
  const bundles = [await import('../dist/infer.bundle.js'), require('../dist/infer.cjs')];
  for (const infer of bundles) {
    const e = await infer.loadModel(new Uint8Array([1, 2, 3])).then(
      () => undefined,
      (err: Error) => err,
    );
    assert.ok(e instanceof ModelFileError && e instanceof FormatError && e instanceof SimdnetError, String(e));
    assert.not.ok(e instanceof ValueError);
    assert.ok(new ModelFileError('x', 'magic') instanceof infer.ModelFileError, 'and the other way round');
  }
  assert.not.ok(new Error('plain') instanceof SimdnetError);
  assert.not.ok({ name: 'ModelFileError' } instanceof ModelFileError);
});

test('a 15 MiB name in a saved model gives a message of bounded length', () => {
  const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
  const bytes = m.toBytes();
  const text = new TextDecoder().decode(bytes.subarray(24, 24 + new DataView(bytes.buffer).getUint32(12, true)));
  const json = JSON.parse(text);
  json.model.config.layers[0].config.activation = 'r'.repeat(15 * 2 ** 20);
  const e = (() => {
    try {
      modelFromBytes(rebuild(bytes, JSON.stringify(json)));
    } catch (err) {
      return err as Error;
    }
  })();
  assert.ok(e instanceof UnknownNameError, String(e).slice(0, 200));
  assert.ok(e!.message.length < 1000, `${e!.message.length} characters`);
  assert.is(quote('x'.repeat(500)).length < 140, true);
  assert.is(quote({ deep: 'y'.repeat(1000) }).endsWith('characters)'), true);
});

// The same model file with another JSON description (header sizes and CRC rewritten).
function rebuild(bytes: Uint8Array, json: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const oldJson = view.getUint32(12, true);
  const rest = bytes.subarray(24 + Math.ceil(oldJson / 4) * 4, bytes.length - 4);
  const enc = new TextEncoder().encode(json);
  const padded = Math.ceil(enc.length / 4) * 4;
  const out = new Uint8Array(24 + padded + rest.length + 4);
  out.set(bytes.subarray(0, 24));
  new DataView(out.buffer).setUint32(12, enc.length, true);
  out.set(enc, 24);
  out.set(rest, 24 + padded);
  new DataView(out.buffer).setUint32(out.length - 4, crc32Ref(out.subarray(0, out.length - 4)), true);
  return out;
}

test.run();
