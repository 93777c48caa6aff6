// simdnet/infer loads only what prediction needs: no CLI, progress bar, data sets or workers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve, join } from 'node:path';
import { Sequential, Dense, tensor } from '../src/index.js';
import * as infer from '../src/infer.js';

// Every module reachable from `entry` through static imports.
function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const src = readFileSync(entry, 'utf8');
  for (const m of src.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
    const spec = m[1];
    if (spec.startsWith('.')) staticGraph(resolve(dirname(entry), spec.replace(/\.js$/, '.ts')), seen);
    else seen.add(spec);
  }
  return seen;
}

test('the infer entry statically imports no CLI, progress bar, data set or worker pool', () => {
  const graph = [...staticGraph(fileURLToPath(new URL('../src/infer.ts', import.meta.url)))];
  for (const banned of ['cli-progress', 'piscina', 'mnist', '/cli.ts', '/progress.ts', '/io/mnist.ts']) {
    assert.not.ok(
      graph.some((m) => m.endsWith(banned) || m === banned),
      `${banned} is imported: ${graph.filter((m) => m.includes(banned)).join(', ')}`,
    );
  }
});

test('a process that imports only simdnet/infer loads a saved model and predicts like the original', async () => {
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 4, activation: 'gelu', inputShape: [2] }));
  m.add(new Dense({ units: 3, activation: 'softmax' }));
  m.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy' });
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-infer-'));
  await m.save(join(dir, 'm.simdnet'));
  const script = join(dir, 'run.mts'); // .mts: an ES module outside the package
  writeFileSync(
    script,
    `import { loadModel, tensor } from ${JSON.stringify(fileURLToPath(new URL('../src/infer.ts', import.meta.url)))};
const model = await loadModel(${JSON.stringify(join(dir, 'm.simdnet'))});
console.log(JSON.stringify(Array.from(model.predict(tensor([1, 2, 3, 4], [2, 2])).data)));`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), Array.from(m.predict(tensor([1, 2, 3, 4], [2, 2])).data));
  assert.ok(infer.loadModel === (await import('../src/io/persist.js')).loadModel);
});

// The files `simdnet/infer` resolves to (built by `npm test`'s pretest): the ES module and the CommonJS bundle.
test(
  'the shipped bundles (import and require) load a saved model, predict like the original, and refuse fit with ' +
    'a StateError',
  async () => {
    const m = new Sequential({ seed: 2 });
    m.add(new Dense({ units: 5, activation: 'relu', inputShape: [3] }));
    m.add(new Dense({ units: 2, activation: 'softmax' }));
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const dir = mkdtempSync(join(tmpdir(), 'simdnet-bundle-'));
    const file = join(dir, 'm.simdnet');
    await m.save(file);
    const body = `const model = await loadModel(${JSON.stringify(file)});
const y = Array.from(model.predict(tensor([1, -2, 3, 0.5, 0, -1], [2, 3])).data);
const fit = await model
  .fit(tensor([1, 2, 3], [1, 3]), tensor([0], [1]))
  .then(() => 'trained', (e) => e instanceof StateError && e.message);
console.log(JSON.stringify({ y, fit }));`;
    const esm = join(dir, 'run.mjs');
    writeFileSync(
      esm,
      `import { loadModel, tensor, StateError } from ` +
        `${JSON.stringify(fileURLToPath(new URL('../dist/infer.bundle.js', import.meta.url)))};\n${body}`,
    );
    const cjs = join(dir, 'run.cjs');
    writeFileSync(
      cjs,
      `const { loadModel, tensor, StateError } = ` +
        `require(${JSON.stringify(fileURLToPath(new URL('../dist/infer.cjs', import.meta.url)))});\n(async () => ` +
        `{\n${body}\n})();`,
    );
    const expected = Array.from(m.predict(tensor([1, -2, 3, 0.5, 0, -1], [2, 3])).data);
    for (const script of [esm, cjs]) {
      const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
      assert.is(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.y, expected, script);
      assert.match(out.fit, /simdnet\/infer predicts and evaluates only.*loadModel from 'simdnet'/, script);
    }
  },
);

test.run();
