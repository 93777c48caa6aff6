import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  Sequential,
  Dense,
  Dropout,
  PReLU,
  Maxout,
  Adam,
  SGD,
  ExponentialDecay,
  l2,
  tensor,
  ModelFileError,
  IOError,
  UnknownNameError,
  SimdnetError,
  layers,
  deserializeLayer,
} from '../../src/index.js';
import { loadModel, modelFromBytes } from '../../src/io/persist.js';
import { crc32Ref } from '../ref/crc32.js';
import { randoms, exampleInput } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-save-'));
const x = tensor(randoms(16 * 6, 1), [16, 6]);
const y = tensor(
  Array.from({ length: 16 }, (_, i) => i % 3),
  [16],
);

function model(
  optimizer: Adam | SGD = new Adam({
    learningRate: new ExponentialDecay({ initialLearningRate: 0.01, decaySteps: 5, decayRate: 0.9 }),
  }),
) {
  const m = new Sequential({ seed: 11 });
  m.add(new Dense({ units: 8, activation: 'gelu', inputShape: [6], kernelRegularizer: l2({ l2: 1e-3 }) }));
  m.add(new PReLU());
  m.add(new Dropout({ rate: 0.2 }));
  m.add(new Maxout({ units: 5, pieces: 2 }));
  m.add(new Dense({ units: 3, activation: 'softmax' }));
  m.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}
const bits = (t: { data: Float32Array }) =>
  Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length));

test('save → load → predict is bit-identical, config and optimizer included', async () => {
  const m = model();
  await m.fit(x, y, { epochs: 2, batchSize: 4 });
  const path = join(dir, 'm.simdnet');
  await m.save(path);
  const back = await loadModel(path);
  assert.equal(bits(back.predict(x)), bits(m.predict(x)));
  assert.is(back.summary(null), m.summary(null));
  assert.is(back.optimizer!.className, 'Adam');
  assert.is(back.optimizer!.iterations, m.optimizer!.iterations);
  assert.is(back.completedEpochs, 2);
  const fromBytes = modelFromBytes(m.toBytes({ includeOptimizer: false }));
  assert.equal(bits(fromBytes.predict(x)), bits(m.predict(x)));
});

test('every registered layer example saves and loads: same config, same predictions bit for bit', async () => {
  for (const className of layers.known()) {
    for (const [i, example] of layers.get(className, 'test').examples.entries()) {
      const { config, inputShape } = example;
      const m = new Sequential({ seed: 5 });
      m.add(deserializeLayer({ className, config: { ...config, inputShape } }));
      m.add(new Dense({ units: 2 }));
      m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
      const rows = 3;
      const xs = exampleInput(example, rows, i + 1);
      const ys = tensor(randoms(rows * m.layers[1].outputSize, i + 2), [rows, ...m.layers[1].outputShape]);
      await m.fit(xs, ys, { epochs: 1, batchSize: rows });
      const path = join(dir, `${className}-${i}.simdnet`);
      await m.save(path);
      const back = await loadModel(path);
      const what = `${className} example ${i}`;
      assert.equal(back.layers[0].getConfig(), m.layers[0].getConfig(), what);
      assert.equal(bits(back.predict(xs)), bits(m.predict(xs)), what);
    }
  }
});

test('save → load → fit(initialEpoch) equals an uninterrupted run bit for bit', async () => {
  for (const make of [() => model(), () => model(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }))]) {
    const straight = make();
    await straight.fit(x, y, { epochs: 5, batchSize: 5 });
    const first = make();
    await first.fit(x, y, { epochs: 2, batchSize: 5 });
    const resumed = modelFromBytes(first.toBytes());
    await resumed.fit(x, y, { epochs: 5, batchSize: 5, initialEpoch: resumed.completedEpochs });
    straight.getWeights().forEach((w, i) => assert.equal(bits(resumed.getWeights()[i]), bits(w), `weights ${i}`));
  }
});

// A valid file with `find` in its JSON replaced by `replace` (same length) and the checksum fixed.
function patched(bytes: Uint8Array, find: string, replace: string): Uint8Array {
  const out = bytes.slice();
  const at = Buffer.from(out).indexOf(Buffer.from(find));
  assert.ok(at > 0 && find.length === replace.length, `pattern ${find}`);
  out.set(new TextEncoder().encode(replace), at);
  return withCrc(out);
}
function withCrc(out: Uint8Array): Uint8Array {
  new DataView(out.buffer).setUint32(out.length - 4, crc32Ref(out.subarray(0, out.length - 4)), true);
  return out;
}

function rejects(bytes: Uint8Array, reason: string, re: RegExp): void {
  assert.throws(
    () => modelFromBytes(bytes, 'f'),
    (e: Error) => e instanceof ModelFileError && e.reason === reason && re.test(e.message),
    reason,
  );
}

test('each kind of bad file has its own typed error', () => {
  const good = model().toBytes();
  rejects(good.subarray(0, good.length - 10), 'truncated', /truncated: \d+ bytes, the header announces/);
  rejects(good.subarray(0, 5), 'truncated', /shorter than the header/);
  const magic = good.slice();
  magic[1] = 0x58;
  rejects(magic, 'magic', /wrong magic/);
  const future = good.slice();
  new DataView(future.buffer).setUint32(8, 2, true);
  rejects(future, 'version', /format version 2 is newer/);
  const flipped = good.slice();
  flipped[good.length - 20] ^= 0x10;
  rejects(flipped, 'checksum', /checksum mismatch/);
  rejects(
    patched(good, '"units":8', '"units":9'),
    'shape',
    /dense\S*\/kernel \[6, 8\] in the file but dense\S*\/kernel \[6, 9\]/,
  );
  const nanWeights = model(new SGD()).toBytes({ includeOptimizer: false });
  new DataView(nanWeights.buffer).setFloat32(nanWeights.length - 8, Infinity, true);
  rejects(withCrc(nanWeights), 'nonfinite', /is Infinity; stored weights must be finite/);
  rejects(new TextEncoder().encode('<!DOCTYPE html><html><body>502 Bad Gateway</body></html>'), 'html', /HTML/);
  rejects(new TextEncoder().encode('\n  <html>'), 'html', /HTML/);
  rejects(new TextEncoder().encode('{"modelTopology": {}}'), 'magic', /importTfjs/);
  rejects(new Uint8Array([...good, 1, 2, 3]), 'size', /3 unexpected bytes/);
});

test('unknown layer or activation names in a file list the known names', () => {
  const good = model().toBytes();
  assert.throws(
    () => modelFromBytes(patched(good, '"className":"PReLU"', '"className":"PReLX"'), 'f'),
    (e: Error) => e instanceof UnknownNameError && /unknown layer "PReLX"; known: Dense/.test(e.message),
  );
  assert.throws(
    () => modelFromBytes(patched(good, '"activation":"gelu"', '"activation":"gelx"'), 'f'),
    (e: Error) => e instanceof UnknownNameError && /unknown activation "gelx"; known: linear, relu/.test(e.message),
  );
});

test('hostile headers: sizes are bounded before allocating; no prototype pollution', () => {
  const good = model().toBytes();
  const huge = good.slice();
  new DataView(huge.buffer).setUint32(16, 0xffffffff, true);
  rejects(huge, 'size', /out of bounds/);
  const bigJson = good.slice();
  new DataView(bigJson.buffer).setUint32(12, 0x7fffffff, true);
  rejects(bigJson, 'size', /out of bounds/);
  const polluted = patched(good, '"format"', '"__proto__"'.slice(0, 8));
  assert.throws(
    () => modelFromBytes(polluted, 'f'),
    (e: Error) => e instanceof ModelFileError,
  );
  const proto = patched(good, '"name":"sequential"', '"__proto__":{"a":1}');
  assert.throws(
    () => modelFromBytes(proto, 'f'),
    (e: Error) => e instanceof ModelFileError && /forbidden key "__proto__"/.test(e.message),
  );
  assert.is(({} as Record<string, unknown>).units, undefined);
});

test('fuzz: every truncation and 400 random bit flips give typed errors, never a crash or a hang', () => {
  const m = new Sequential({ seed: 1, layers: [new Dense({ units: 2, activation: 'relu', inputShape: [3] })] });
  m.compile({ optimizer: new SGD({ momentum: 0.5 }), loss: 'mse' });
  const good = m.toBytes();
  for (let n = 0; n < good.length; n++) {
    assert.throws(
      () => modelFromBytes(good.subarray(0, n), 'f'),
      (e: Error) => e instanceof ModelFileError,
      `truncated at ${n}`,
    );
  }
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 400; i++) {
    const bad = good.slice();
    const flips = 1 + Math.floor(rnd() * 3);
    for (let f = 0; f < flips; f++) bad[Math.floor(rnd() * bad.length)] ^= 1 << Math.floor(rnd() * 8);
    try {
      modelFromBytes(bad, 'f');
      assert.unreachable(`flip set ${i} was accepted`);
    } catch (e) {
      assert.ok(e instanceof SimdnetError, `flip set ${i}: ${(e as Error).stack}`);
    }
  }
});

test('an unwritable path is an IOError and leaves no temporary file', async () => {
  const m = model();
  await m.save(join(dir, 'missing-dir', 'x.simdnet')).then(
    () => assert.unreachable('saved into a missing directory'),
    (e) => assert.ok(e instanceof IOError && /cannot write/.test(e.message), String(e)),
  );
  const ro = join(dir, 'ro');
  mkdirSync(ro);
  chmodSync(ro, 0o500);
  if (process.getuid?.() !== 0) {
    await m.save(join(ro, 'x.simdnet')).then(
      () => assert.unreachable('saved into a read-only directory'),
      (e) => assert.ok(e instanceof IOError),
    );
  }
  await loadModel(join(dir, 'nope.simdnet')).then(
    () => assert.unreachable('loaded a missing file'),
    (e) => assert.ok(e instanceof IOError && /cannot read/.test(e.message)),
  );
});

test('a process killed while saving leaves the previous file intact', async () => {
  const path = join(dir, 'killed.simdnet');
  const script = fileURLToPath(new URL('./save-loop.fixture.ts', import.meta.url));
  for (let round = 0; round < 4; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    // wait until the child has saved at least once, then kill it mid-loop
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 20 + round * 37));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const back = await loadModel(path);
    assert.is(back.layers.length, 2, `round ${round}: the file loads`);
  }
  assert.ok(existsSync(path));
  assert.ok(readFileSync(path).length > 1e6);
});

test('format-v1 fixture (kept as saved by simdnet 0.1) still loads and predicts the same', async () => {
  const m = await loadModel(fileURLToPath(new URL('../fixtures/format-v1-mlp.simdnet', import.meta.url)));
  assert.equal(
    Array.from(
      m.predict([
        [1, 2, 3],
        [-1, 0, 1],
      ]).data,
    ),
    [0.6115778684616089, 0.3884221613407135, 0.5125865936279297, 0.4874133765697479],
  );
  assert.is(m.optimizer!.iterations, 6);
  assert.is(m.completedEpochs, 3);
});

test('a reloaded model with regularizers reports the same loss (padding between parameters reads 0)', async () => {
  const make = () => {
    const m = new Sequential({ seed: 4 });
    m.add(new Dense({ units: 4, inputShape: [3], kernelRegularizer: l2({ l2: 1e-4 }), biasRegularizer: 'l1' }));
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    return m;
  };
  const m = make();
  const xs = tensor(randoms(8 * 3, 2), [8, 3]);
  const ys = tensor(randoms(8 * 4, 3), [8, 4]);
  await m.fit(xs, ys, { epochs: 2, batchSize: 4 });
  const copy = modelFromBytes(m.toBytes());
  assert.is(copy.evaluate(xs, ys).loss, m.evaluate(xs, ys).loss);
  assert.is(copy.computeGradients(xs, ys).loss, m.computeGradients(xs, ys).loss);
  const a = await copy.fit(xs, ys, { epochs: 3, initialEpoch: 2, batchSize: 4 });
  const b = await m.fit(xs, ys, { epochs: 3, initialEpoch: 2, batchSize: 4 });
  assert.equal(a.history.loss, b.history.loss);
});

test('optimizer state it could not have made is refused: a negative second moment, garbage padding', async () => {
  const m = new Sequential({ seed: 1, layers: [new Dense({ units: 3, inputShape: [5] })] });
  m.compile({ optimizer: new Adam(), loss: 'meanSquaredError' });
  await m.fit(tensor(randoms(10 * 5, 1), [10, 5]), tensor(randoms(10 * 3, 2), [10, 3]), { epochs: 1 });
  const good = m.toBytes();
  const floats = 16 + 16; // kernel 15 floats + 1 padding, bias 3 + 13 padding: one block
  const slotAt = good.length - 4 - 4 * 2 * floats; // slots m, v before the CRC
  const forge = (index: number, value: number) => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setFloat32(slotAt + 4 * index, value, true);
    new DataView(bytes.buffer).setUint32(bytes.length - 4, crc32Ref(bytes.subarray(0, bytes.length - 4)), true);
    return bytes;
  };
  assert.ok(modelFromBytes(forge(floats + 2, 0.5)), 'a positive v loads');
  assert.throws(
    () => modelFromBytes(forge(floats + 2, -0.5)),
    (e: Error) =>
      e instanceof ModelFileError && /Adam slot 1 value 2 is -0.5; a sum of squares cannot be negative/.test(e.message),
  );
  assert.throws(
    () => modelFromBytes(forge(15, 7)),
    (e: Error) => e instanceof ModelFileError && /slot 0 holds 7 in the padding at 15/.test(e.message),
  );
});

test.run();
