import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Harness, SIZES, randoms, assertClose, elementwise, transcendental } from '../helpers.js';
import * as ref from '../ref/activations.js';

const h = new Harness();
const NAMES = Object.keys(ref.forward);
const PIECEWISE = new Set(['linear', 'relu', 'leaky_relu', 'abs', 'hard_tanh', 'relu6', 'softsign']);
const tolOf = (name: string) => (PIECEWISE.has(name) ? elementwise : transcendental);
const alphaOf = (name: string) => ref.ALPHA[name] ?? 0;

function run(name: string, x: Float32Array, dy: Float32Array, offset = 0) {
  h.reset();
  const n = x.length;
  const xb = h.buf(x, offset),
    yb = h.buf(n, offset),
    dyb = h.buf(dy, offset),
    dxb = h.buf(n, offset);
  const k = h.k as unknown as Record<string, (...a: number[]) => void>;
  k[`${name}_forward`](yb.ptr, xb.ptr, n, alphaOf(name));
  k[`${name}_backward`](dxb.ptr, dyb.ptr, xb.ptr, yb.ptr, n, alphaOf(name));
  return { y: h.read(yb), dx: h.read(dxb) };
}

for (const name of NAMES) {
  test(`${name}: forward and backward match the float64 twin over edge sizes`, () => {
    for (const n of [...SIZES, 785]) {
      for (const offset of [0, 1]) {
        const x = randoms(n, n, -6, 6);
        const dy = randoms(n, n + 1);
        const { y, dx } = run(name, x, dy, offset);
        const ey = new Float64Array(n),
          edx = new Float64Array(n);
        ref.activation_forward(name, ey, x, n, alphaOf(name));
        ref.activation_backward(name, edx, dy, x, n, alphaOf(name));
        assertClose(y, ey, tolOf(name), `${name}_forward n=${n}`);
        // backward reads y (float32) where the twin uses x: allow the forward's error once more
        assertClose(dx, edx, (r) => 2 * tolOf(name)(r) + 2e-6, `${name}_backward n=${n}`);
      }
    }
  });
}

test('<name>_bias_forward equals bias_forward then <name>_forward bit for bit, keeping z or in place', () => {
  const k = h.k as unknown as Record<string, (...a: number[]) => void>;
  for (const name of NAMES.filter((n) => n !== 'linear')) {
    for (const [M, N] of [
      [1, 1],
      [3, 7],
      [2, 8],
      [5, 13],
    ]) {
      const z = randoms(M * N, M * 31 + N, -4, 4),
        b = randoms(N, N + 7);
      h.reset();
      const zb = h.buf(z),
        bb = h.buf(b),
        yb = h.buf(M * N);
      k.bias_forward(zb.ptr, bb.ptr, M, N);
      k[`${name}_forward`](yb.ptr, zb.ptr, M * N, alphaOf(name));
      const [ez, ey] = [h.read(zb), h.read(yb)];
      const z2 = h.buf(z),
        y2 = h.buf(M * N),
        z3 = h.buf(z);
      k[`${name}_bias_forward`](y2.ptr, z2.ptr, bb.ptr, M, N, alphaOf(name));
      k[`${name}_bias_forward`](z3.ptr, z3.ptr, bb.ptr, M, N, alphaOf(name)); // y = z: in place
      const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
      assert.equal(bits(h.read(z2)), bits(ez), `${name} ${M}×${N}: z`);
      assert.equal(bits(h.read(y2)), bits(ey), `${name} ${M}×${N}: y`);
      assert.equal(bits(h.read(z3)), bits(ey), `${name} ${M}×${N}: in place`);
    }
  }
});

test('kinks: relu and leaky relu derivative at 0 is the left one (0, alpha)', () => {
  const { dx } = run('relu', new Float32Array([0, -0, 1e-30, -1e-30]), new Float32Array([1, 1, 1, 1]));
  assert.equal(Array.from(dx), [0, 0, 1, 0]);
  const leaky = run('leaky_relu', new Float32Array([0, 2]), new Float32Array([1, 1]));
  assert.equal(Array.from(leaky.dx), [Math.fround(0.2), 1]);
  // abs'(0) = 0; hard_tanh'(±1) = 0; relu6'(0) = relu6'(6) = 0
  assert.equal(Array.from(run('abs', new Float32Array([0, -0, 2, -2]), new Float32Array(4).fill(1)).dx), [0, 0, 1, -1]);
  assert.equal(
    Array.from(run('hard_tanh', new Float32Array([-1, 1, 0.5, 2]), new Float32Array(4).fill(1)).dx),
    [0, 0, 1, 0],
  );
  assert.equal(Array.from(run('relu6', new Float32Array([0, 6, 3, 7]), new Float32Array(4).fill(1)).dx), [0, 0, 1, 0]);
});

test('NaN policy: NaN passes through forward, relu backward gives 0; SIMD lanes and tail agree', () => {
  for (const name of NAMES) {
    const x = new Float32Array([NaN, 1, NaN, -1, NaN]); // lanes 0..3 vector, 4 tail
    const { y } = run(name, x, new Float32Array(5).fill(1));
    assert.ok(Number.isNaN(y[0]) && Number.isNaN(y[2]) && Number.isNaN(y[4]), `${name}: ${Array.from(y)}`);
  }
  for (const name of ['relu', 'relu6', 'hard_tanh', 'abs']) {
    const { dx } = run(name, new Float32Array([NaN, NaN, NaN, NaN, NaN]), new Float32Array(5).fill(1));
    assert.equal(Array.from(dx), [0, 0, 0, 0, 0], name);
  }
});

test('saturation: sigmoid and tanh stay finite and exact at |x| ≥ 88', () => {
  const x = new Float32Array([-1e4, -100, -88.5, 88.5, 100, 1e4, -0, 0]);
  const s = run('sigmoid', x, new Float32Array(8)).y;
  assert.equal(Array.from(s.slice(0, 2)), [0, 0]);
  assert.ok(s[2] >= 0 && s[2] < 1e-38, `sigmoid(-88.5) = ${s[2]}, true value 3.7e-39`);
  assert.equal(Array.from(s.slice(3, 6)), [1, 1, 1]);
  const t = run('tanh', x, new Float32Array(8)).y;
  assert.equal(Array.from(t.slice(0, 6)), [-1, -1, -1, 1, 1, 1]);
  assert.ok(Object.is(t[6], -0) && Object.is(t[7], 0), 'tanh keeps the sign of zero');
});

test('large inputs stay finite where the function is: softplus, elu, selu, gelu, swish, softsign, cos', () => {
  const x = new Float32Array([-1e4, -100, 100, 1e4, 1e4, 0, -0.5, 3]);
  for (const name of ['softplus', 'elu', 'selu', 'gelu', 'gelu_tanh', 'swish', 'softsign', 'rbf']) {
    const { y, dx } = run(name, x, new Float32Array(8).fill(1));
    assert.ok(y.every(Number.isFinite) && dx.every(Number.isFinite), `${name}: ${Array.from(y)} / ${Array.from(dx)}`);
  }
  assert.equal(Array.from(run('softplus', new Float32Array([1e4, -1e4]), new Float32Array(2)).y), [1e4, 0]);
  const c = run('cos', new Float32Array([0, Math.PI, 1000]), new Float32Array(3)).y;
  assertClose(c, [1, -1, Math.cos(1000)], (r) => 1e-6 + 1e-5 * Math.abs(r) + 5e-5, 'cos of large arguments');
});

test.run();
