import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, randoms, assertClose, transcendental } from '../helpers.js';
import * as ref from '../ref/losses.js';

const h = new Harness();
type Name =
  | 'softmax_cross_entropy_sparse'
  | 'softmax_cross_entropy'
  | 'categorical_crossentropy'
  | 'mean_squared_error';

function targetsFor(name: Name, M: number, N: number, seed: number): { t: Float32Array | Int32Array; ints: boolean } {
  if (name === 'softmax_cross_entropy_sparse') {
    return { t: Int32Array.from({ length: M }, (_, i) => (i * 7 + seed) % N), ints: true };
  }
  if (name === 'mean_squared_error') return { t: randoms(M * N, seed), ints: false };
  const t = new Float32Array(M * N);
  for (let i = 0; i < M; i++) t[i * N + ((i * 5 + seed) % N)] = 1;
  if (name === 'softmax_cross_entropy' && M > 1) t.fill(0.5, 0, N); // soft row summing to N/2
  return { t, ints: false };
}

function run(name: Name, y: Float32Array, M: number, N: number, seed: number) {
  h.reset();
  const { t, ints } = targetsFor(name, M, N, seed);
  const yb = h.buf(y),
    tb = h.buf(t, 0, ints),
    db = h.buf(M * N);
  const scale = 1 / M;
  const loss = (h.k[name] as (...a: number[]) => number)(db.ptr, yb.ptr, tb.ptr, M, N, scale);
  const ed = new Float64Array(M * N);
  const eloss = (ref[name] as (...a: unknown[]) => number)(ed, y, t, M, N, scale);
  return { loss, eloss, d: h.read(db), ed };
}

for (const name of [
  'softmax_cross_entropy_sparse',
  'softmax_cross_entropy',
  'categorical_crossentropy',
  'mean_squared_error',
] as Name[]) {
  test(`${name} matches its twin (loss and gradient) over sizes`, () => {
    for (const M of [1, 2, 5, 17]) {
      for (const N of [1, 2, 3, 4, 5, 10, 17, 33]) {
        if (name.includes('entropy') && N === 1) continue;
        const y = name === 'categorical_crossentropy' ? randoms(M * N, M * N, 0.01, 1) : randoms(M * N, M * N, -5, 5);
        const { loss, eloss, d, ed } = run(name, y, M, N, N);
        assert.ok(
          Math.abs(loss - eloss) <= 1e-5 * M * N * (1 + Math.abs(eloss)),
          `${name} M=${M} N=${N}: loss ${loss} vs ${eloss}`,
        );
        assertClose(d, ed, (r) => transcendental(r) * 4, `${name} gradient M=${M} N=${N}`);
      }
    }
  });
}

test('fused cross-entropy is finite and exact for logits of ±1e4 and all equal', () => {
  const z = new Float32Array([1e4, -1e4, 0, 0, 0, 0, 0, 0, -1e4, 1e4, 0, 0]); // 3 rows × 4
  h.reset();
  const zb = h.buf(z),
    lb = h.buf([0, 2, 0], 0, true),
    db = h.buf(12);
  const loss = h.k.softmax_cross_entropy_sparse(db.ptr, zb.ptr, lb.ptr, 3, 4, 1);
  // row 0: correct and certain → 0; row 1: uniform → log 4; row 2: wrong by 2e4 → 2e4
  assert.ok(Math.abs(loss - (Math.log(4) + 2e4)) < 1e-3, `loss ${loss}`);
  const d = Array.from(h.read(db));
  assert.equal(d.slice(0, 4), [0, 0, 0, 0]);
  assertClose(d.slice(4, 8), [0.25, 0.25, -0.75, 0.25], transcendental, 'uniform row');
  assert.equal(d.slice(8, 12), [-1, 1, 0, 0]);
});

test('categorical_crossentropy clips probabilities at 1e-7 like Keras', () => {
  h.reset();
  const pb = h.buf([0, 1]),
    tb = h.buf([1, 0]),
    db = h.buf(2);
  const loss = h.k.categorical_crossentropy(db.ptr, pb.ptr, tb.ptr, 1, 2, 1);
  assert.ok(Math.abs(loss + Math.log(1e-7)) < 1e-9, `loss ${loss}`);
  assert.equal(Array.from(h.read(db)), [0, 0]);
});

test.run();
