// Determinism is structural: every registered layer class (a layer added later included,
// through the examples it registers) trains to bit-identical weights on 1, 2 and 3 threads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, Dense, SGD, layers, deserializeLayer, tensor } from '../../src/index.js';
import { randoms, bits, exampleInput } from '../helpers.js';

const ROWS = 200; // batch 200 = 4 chunks: two rounds on 3 threads, one chunk left over

function model(className: string, config: Record<string, unknown>, inputShape: number[]) {
  const m = new Sequential({ seed: 7 });
  m.add(deserializeLayer({ className, config: { ...config, inputShape } }));
  m.add(new Dense({ units: 3 }));
  m.compile({ optimizer: new SGD({ learningRate: 0.05, momentum: 0.9 }), loss: 'meanSquaredError' });
  return m;
}

for (const className of layers.known()) {
  test(`${className}: weights bit-identical on 1, 2 and 3 threads`, async () => {
    const { examples } = layers.get(className, 'test');
    assert.ok(examples.length > 0, `${className} registers no examples: give layers.register(…, { examples }) one`);
    for (const example of examples) {
      const { config, inputShape } = example;
      const x = exampleInput(example, ROWS, 11);
      const outWidth = model(className, config, inputShape).layers[1].outputSize;
      const y = tensor(randoms(ROWS * outWidth, 12, -1, 1), [ROWS, outWidth]);
      const runs: number[][] = [];
      for (const workers of [1, 2, 3]) {
        const m = model(className, config, inputShape);
        const before = bits(m.getWeights());
        await m.fit(x, y, { epochs: 2, batchSize: ROWS, workers });
        if (workers > 1) assert.ok(m.pool, `${className}: ${workers} threads were used`);
        await m.dispose();
        runs.push(bits(m.getWeights()));
        assert.ok(
          runs[runs.length - 1].some((v, i) => v !== before[i]),
          `${className}: training changed the weights`,
        );
      }
      const what = `${className} ${JSON.stringify(config)} on ${JSON.stringify(inputShape)}`;
      assert.ok(
        runs[1].every((v, i) => v === runs[0][i]),
        `${what}: 2 threads differ from 1`,
      );
      assert.ok(
        runs[2].every((v, i) => v === runs[0][i]),
        `${what}: 3 threads differ from 1`,
      );
    }
  });
}

test('every layer file in src/layers registers its classes (so workers and loaders find them)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = new URL('../../src/layers/', import.meta.url);
  const known = new Set(layers.known().map((n) => n.toLowerCase()));
  for (const f of readdirSync(dir).filter((f) => f !== 'layer.ts')) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    // A concrete layer class is one with a static className.
    for (const [, name] of text.matchAll(/class (\w+) extends \w+ \{\s+static className/g))
      assert.ok(known.has(name.toLowerCase()), `src/layers/${f}: ${name} is not registered`);
  }
  assert.ok(known.has('conv2d') && known.has('flatten'));
});

test.run();
