import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CharVocab,
  byteIds,
  nextTokenWindows,
  sampleText,
  Sequential,
  Embedding,
  Dense,
  Flatten,
  ValueError,
} from '../src/index.js';

test('CharVocab: characters by frequency, id 0 for the unknown; encode and decode invert each other', () => {
  const v = CharVocab.fromText('abracadabra ✓✓', 1);
  assert.equal(v.chars.slice(0, 3), ['a', 'b', 'r']);
  assert.is(v.size, v.chars.length + 1);
  const ids = v.encode('cab✓');
  assert.ok(ids.every((i) => i > 0));
  assert.is(v.decode(ids), 'cab✓');
  assert.equal(Array.from(v.encode('az')), [1, 0]);
  assert.is(v.decode([1, 0], '?'), 'a?');
  assert.equal(CharVocab.fromText('aab', 2).chars, ['a']);
  assert.throws(
    () => new CharVocab(['a', 'a']),
    (e: Error) => e instanceof ValueError && /repeat/.test(e.message),
  );
  assert.throws(
    () => new CharVocab(['ab']),
    (e: Error) => e instanceof ValueError && /single/.test(e.message),
  );
});

test('byteIds: UTF-8 bytes + 1, cut or padded with 0; nextTokenWindows: targets one id later', () => {
  assert.equal(Array.from(byteIds('é!', 4)), [0xc3 + 1, 0xa9 + 1, 34, 0]);
  assert.equal(Array.from(byteIds('abcdef', 3)), [98, 99, 100]);
  const w = nextTokenWindows(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 3);
  assert.is(w.rows, 2);
  assert.equal(Array.from(w.x), [1, 2, 3, 4, 5, 6]);
  assert.equal(Array.from(w.y), [2, 3, 4, 5, 6, 7]);
});

test('sampleText: temperature 0 follows the arg-max; a seed fixes the draws; bad arguments are ValueErrors', () => {
  const v = new CharVocab(['a', 'b', 'c']);
  const m = new Sequential({
    seed: 1,
    layers: [
      new Embedding({ inputDim: 4, outputDim: 3, inputShape: [5] }),
      new Flatten(),
      new Dense({ units: 4, activation: 'softmax' }),
    ],
  });
  const greedy = sampleText(m, v, { prompt: 'ab', length: 12, temperature: 0 });
  assert.is(greedy.length, 12);
  assert.ok(/^[abc]+$/.test(greedy), greedy);
  const s1 = sampleText(m, v, { length: 40, seed: 3 });
  assert.is(sampleText(m, v, { length: 40, seed: 3 }), s1);
  assert.is.not(sampleText(m, v, { length: 40, seed: 4 }), s1);
  assert.throws(
    () => sampleText(m, v, { temperature: -1 }),
    (e: Error) => e instanceof ValueError && /temperature/.test(e.message),
  );
  assert.throws(
    () => sampleText(m, new CharVocab(['a']), {}),
    (e: Error) => /to 2 classes/.test(e.message),
  );
});

test.run();
