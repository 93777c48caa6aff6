import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  Conv2D,
  MaxPooling2D,
  AveragePooling2D,
  GlobalMaxPooling2D,
  GlobalAveragePooling2D,
  Flatten,
  Dense,
  tensor,
  ValueError,
  deserializeLayer,
} from '../../src/index.js';
import { randoms } from '../helpers.js';
import { directionalCheck, inputGradientCheck } from '../gradcheck.js';

const POOLS = { MaxPooling2D, AveragePooling2D } as const;
const GLOBALS = { GlobalMaxPooling2D, GlobalAveragePooling2D } as const;

test('pooling output shapes: strides default to poolSize; same pads to ceil(in / stride)', () => {
  const build = (l: MaxPooling2D | AveragePooling2D, input: number[]) => {
    l.build(input);
    return l.outputShape;
  };
  assert.equal(build(new MaxPooling2D(), [28, 28, 32]), [14, 14, 32]);
  assert.equal(build(new MaxPooling2D(), [27, 27, 1]), [13, 13, 1]);
  assert.equal(build(new AveragePooling2D({ padding: 'same' }), [27, 27, 1]), [14, 14, 1]);
  assert.equal(build(new MaxPooling2D({ poolSize: [3, 2], strides: 1 }), [5, 5, 2]), [3, 4, 2]);
  const g = new GlobalAveragePooling2D();
  g.build([5, 4, 7]);
  assert.equal(g.outputShape, [7]);
});

test('average pooling with same padding divides by the pixels inside the image (TensorFlow)', () => {
  const m = new Sequential({ layers: [new AveragePooling2D({ poolSize: 2, padding: 'same', inputShape: [3, 3, 1] })] });
  const y = m.predict(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]));
  assert.equal(Array.from(y.data), [3, 4.5, 7.5, 9]);
});

for (const [name, Pool] of Object.entries(POOLS)) {
  test(`${name}: weight and input gradients through it match central differences`, () => {
    const m = new Sequential({
      seed: 3,
      layers: [
        new Conv2D({
          filters: 3,
          kernelSize: 2,
          activation: 'tanh',
          biasInitializer: 'randomNormal',
          inputShape: [7, 7, 2],
        }),
        new Pool({ poolSize: 3, strides: 2, padding: 'same' }),
        new Flatten(),
        new Dense({ units: 2 }),
      ],
    });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = randoms(3 * 98, 4);
    const y = tensor(randoms(6, 5), [3, 2]);
    directionalCheck(m, tensor(x, [3, 7, 7, 2]), y, name);
    inputGradientCheck(m, x, [3, 7, 7, 2], y, 1e-3);
  });
}

for (const [name, Pool] of Object.entries(GLOBALS)) {
  test(`${name}: one value per channel; gradients match central differences`, () => {
    const m = new Sequential({
      seed: 4,
      layers: [
        new Conv2D({ filters: 5, kernelSize: 3, activation: 'tanh', inputShape: [5, 6, 3] }),
        new Pool(),
        new Dense({ units: 2 }),
      ],
    });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    assert.equal(m.layers[1].outputShape, [5]);
    const x = randoms(2 * 90, 6);
    const y = tensor(randoms(4, 7), [2, 2]);
    directionalCheck(m, tensor(x, [2, 5, 6, 3]), y, name);
    inputGradientCheck(m, x, [2, 5, 6, 3], y, 1e-3);
  });
}

test('pooling: bad arguments are typed errors; config round trip', () => {
  for (const args of [
    { poolSize: 0 },
    { poolSize: [2] },
    { strides: -1 },
    { padding: 'causal' },
    { dataFormat: 'channelsFirst' },
  ])
    assert.throws(
      () => new MaxPooling2D(args as never),
      (e: Error) => e instanceof ValueError,
      JSON.stringify(args),
    );
  const l = new AveragePooling2D({ poolSize: [3, 2], padding: 'same' });
  const c = l.getConfig();
  assert.equal(c.strides, [3, 2]);
  assert.equal(deserializeLayer({ className: 'AveragePooling2D', config: c }).getConfig(), c);
});

test.run();
