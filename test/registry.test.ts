import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  activations,
  layers,
  losses,
  optimizers,
  regularizers,
  initializers,
  Sequential,
  UnknownNameError,
} from '../src/index.js';
import type { Registry } from '../src/registry.js';

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const registries: [string, Registry<unknown>][] = [
  ['activation', activations as Registry<unknown>],
  ['layer', layers as Registry<unknown>],
  ['loss', losses as Registry<unknown>],
  ['optimizer', optimizers as Registry<unknown>],
  ['regularizer', regularizers as Registry<unknown>],
  ['initializer', initializers.initializers as Registry<unknown>],
];

for (const [kind, reg] of registries) {
  test(`${kind} registry: every name resolves in camelCase and snake_case; unknown names list the known ones`, () => {
    assert.ok(reg.known().length > 0);
    for (const name of reg.known()) {
      assert.ok(reg.get(snake(name), 'test') === reg.get(name, 'test'), `${name} as ${snake(name)}`);
      assert.ok(reg.get(camel(name), 'test') === reg.get(name, 'test'), `${name} as ${camel(name)}`);
    }
    assert.throws(
      () => reg.get('no_such_thing', 'where'),
      (e: Error) =>
        e instanceof UnknownNameError &&
        e.message.includes(`where: unknown ${kind} "no_such_thing"; known: ${reg.known().join(', ')}`),
    );
  });
}

test('the catalogue is complete', () => {
  const want = [
    'linear',
    'relu',
    'leaky_relu',
    'abs',
    'sigmoid',
    'tanh',
    'hard_tanh',
    'softplus',
    'softsign',
    'elu',
    'selu',
    'gelu',
    'gelu_tanh',
    'swish',
    'silu',
    'relu6',
    'cos',
    'softmax',
    'rbf',
  ];
  for (const a of want) activations.get(a, 'test');
  for (const l of ['Dense', 'Activation', 'Softmax', 'PReLU', 'Maxout', 'Dropout']) layers.get(l, 'test');
  for (const i of [
    'zeros',
    'ones',
    'constant',
    'randomNormal',
    'randomUniform',
    'truncatedNormal',
    'varianceScaling',
    'glorotNormal',
    'glorotUniform',
    'heNormal',
    'heUniform',
    'lecunNormal',
    'lecunUniform',
    'orthogonal',
    'identity',
  ])
    initializers.initializers.get(i, 'test');
  for (const o of ['sgd', 'adam', 'rmsprop', 'adagrad']) optimizers.get(o, 'test');
  for (const r of ['l1', 'l2', 'l1_l2']) regularizers.get(r, 'test');
});

test('objects by name and config: layers, optimizers, losses, initializers in one model', () => {
  const m = new Sequential({ seed: 1 });
  m.add({
    className: 'Dense',
    config: {
      units: 4,
      activation: 'gelu',
      inputShape: [3],
      kernelInitializer: { className: 'he_normal' },
      kernelRegularizer: { className: 'l2', config: { l2: 0.1 } },
    },
  });
  m.add({ className: 'dropout', config: { rate: 0.1 } });
  m.add({ className: 'Dense', config: { units: 2, activation: 'softmax' } });
  m.compile({
    optimizer: 'adam',
    loss: { className: 'categorical_crossentropy', config: { fromLogits: false } },
    metrics: ['accuracy'],
  });
  assert.is(m.optimizer!.className, 'Adam');
  assert.is(m.layers[1].className, 'Dropout');
  assert.is(m.session(undefined, 'test').fusedLayer, 2);
});

test.run();
