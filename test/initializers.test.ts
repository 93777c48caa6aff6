// Initializer statistics against the Keras definitions (keras/src/initializers/).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Arena } from '../src/memory.js';
import { initializers as reg, getInitializer, computeFans } from '../src/initializers.js';
import { ValueError, UnknownNameError } from '../src/errors.js';

const arena = new Arena();

function draw(name: string, shape: number[], config: Record<string, unknown> = {}, seed = 1): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const mark = arena.mark();
  const p = arena.alloc(n, name);
  getInitializer({ className: name, config }, 'test').init(arena.k, p, shape, seed, 3);
  const out = arena.read(p, n);
  arena.release(mark);
  return out;
}

const stats = (x: Float32Array) => {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const std = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
  let lo = Infinity,
    hi = -Infinity;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { mean, std, lo, hi };
};

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('constants: zeros, ones, constant', () => {
  assert.ok(draw('zeros', [7, 3]).every((v) => v === 0));
  assert.ok(draw('ones', [5]).every((v) => v === 1));
  assert.ok(draw('constant', [4, 4], { value: -2.5 }).every((v) => v === -2.5));
});

test('randomUniform and randomNormal: bounds, mean, std; truncatedNormal stays within 2σ with std 0.8796σ', () => {
  const u = stats(draw('randomUniform', [400, 500], { minval: -2, maxval: 3 }));
  near(u.mean, 0.5, 0.01, 'uniform mean');
  near(u.std, 5 / Math.sqrt(12), 0.01, 'uniform std');
  assert.ok(u.lo >= -2 && u.hi < 3);
  const n = stats(draw('randomNormal', [400, 500], { mean: 1, stddev: 2 }));
  near(n.mean, 1, 0.01, 'normal mean');
  near(n.std, 2, 0.01, 'normal std');
  const t = stats(draw('truncatedNormal', [400, 500], { stddev: 2 }));
  assert.ok(t.lo >= -4 - 1e-5 && t.hi <= 4 + 1e-5, `truncated range ${t.lo}..${t.hi}`);
  near(t.std, 2 * 0.87962566103423978, 0.01, 'truncated std');
});

test('fans follow Keras compute_fans', () => {
  assert.equal(computeFans([784, 256]), { fanIn: 784, fanOut: 256 });
  assert.equal(computeFans([3, 3, 16, 32]), { fanIn: 144, fanOut: 288 });
  assert.equal(computeFans([10]), { fanIn: 10, fanOut: 10 });
});

test('Glorot, He and LeCun: the Keras limit / stddev for their fan mode', () => {
  const [fi, fo] = [300, 200];
  const cases: [string, number, 'uniform' | 'normal'][] = [
    ['glorotUniform', 2 / (fi + fo), 'uniform'],
    ['glorotNormal', 2 / (fi + fo), 'normal'],
    ['heUniform', 2 / fi, 'uniform'],
    ['heNormal', 2 / fi, 'normal'],
    ['lecunUniform', 1 / fi, 'uniform'],
    ['lecunNormal', 1 / fi, 'normal'],
  ];
  for (const [name, variance, dist] of cases) {
    const s = stats(draw(name, [fi, fo]));
    near(s.mean, 0, 0.003, `${name} mean`);
    // uniform: limit √(3·var), std √var; truncated normal: σ = √var/0.8796…, std after truncation √var
    near(s.std, Math.sqrt(variance), 0.02 * Math.sqrt(variance), `${name} std`);
    if (dist === 'uniform')
      assert.ok(s.hi <= Math.sqrt(3 * variance) && s.lo >= -Math.sqrt(3 * variance), `${name} bounds`);
    else assert.ok(s.hi <= (2 * Math.sqrt(variance)) / 0.87962566103423978 + 1e-6, `${name} truncated at 2σ`);
  }
  const vs = stats(
    draw('varianceScaling', [fi, fo], { scale: 2, mode: 'fan_out', distribution: 'untruncated_normal' }),
  );
  near(vs.std, Math.sqrt(2 / fo), 0.02 * Math.sqrt(2 / fo), 'varianceScaling untruncated');
});

test('orthogonal gives WᵀW = I (tall) or WWᵀ = I (wide), scaled by gain', () => {
  for (const [r, c] of [
    [64, 16],
    [16, 64],
    [30, 30],
    [200_000, 2], // a column this long was spread into Math.hypot: a RangeError
  ]) {
    const w = draw('orthogonal', [r, c], { gain: 2 });
    const [m, n] = r >= c ? [r, c] : [c, r];
    const at = (i: number, j: number) => (r >= c ? w[i * c + j] : w[j * c + i]); // view as m × n
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += at(i, a) * at(i, b);
        near(dot, a === b ? 4 : 0, 1e-4, `(${r}×${c}) [${a},${b}]`);
      }
    }
  }
  assert.throws(
    () => draw('orthogonal', [5]),
    (e: Error) => e instanceof ValueError && /rank ≥ 2/.test(e.message),
  );
});

test('identity, seeded determinism, unknown names', () => {
  assert.equal(Array.from(draw('identity', [2, 3], { gain: 3 })), [3, 0, 0, 0, 3, 0]);
  assert.equal(Array.from(draw('heNormal', [20, 20], {}, 5)), Array.from(draw('heNormal', [20, 20], {}, 5)));
  assert.not.equal(Array.from(draw('heNormal', [20, 20], {}, 5)), Array.from(draw('heNormal', [20, 20], {}, 6)));
  assert.throws(
    () => getInitializer('xavier', 'kernelInitializer'),
    (e: Error) => e instanceof UnknownNameError && /known: zeros, ones/.test(e.message),
  );
  assert.ok(reg.known().includes('orthogonal'));
  assert.throws(
    () => draw('randomUniform', [2], { minval: 1, maxval: 1 }),
    (e: Error) => e instanceof ValueError,
  );
});

test.run();
