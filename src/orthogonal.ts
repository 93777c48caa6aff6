// Orthogonal and identity initializers (Keras keras/src/initializers/random_initializers.py,
// constant_initializers.py). Orthogonal: draw a (max(r, c) × min(r, c)) standard normal
// matrix, Q of its QR decomposition with the signs of diag(R) folded in (which makes Q
// unique), transposed when r < c, times gain; r = prod(shape[:-1]), c = shape[-1].
import type { Kernels } from './kernels.js';
import { scratchArena } from './random.js';
import { ValueError, fmtShape } from './errors.js';

/** Q (m × n, m ≥ n) of a Householder QR of a (row-major), columns signed so diag(R) > 0. */
export function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const A = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const rdiag = new Float64Array(n);
  const dots = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = new Float64Array(m - k);
    let norm = 0;
    for (let i = k; i < m; i++) norm += A[i * n + k] ** 2;
    norm = Math.sqrt(norm);
    const alpha = A[k * n + k] > 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i - k] = A[i * n + k];
    v[0] -= alpha;
    const vn = hypot(v);
    if (vn > 0) for (let i = 0; i < v.length; i++) v[i] /= vn;
    reflect(A, v, k, m, n, k, dots);
    rdiag[k] = A[k * n + k];
    vs.push(v);
  }
  const Q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) reflect(Q, vs[k], k, m, n, 0, dots);
  for (let j = 0; j < n; j++) if (rdiag[j] < 0) for (let i = 0; i < m; i++) Q[i * n + j] = -Q[i * n + j];
  return Q;
}

/**
 * Applies the reflection I − 2·v·vᵀ (v over rows k… of X) to columns j0… of X (m × n, row-major):
 * each column's dot product with v summed over i in order, then each element less 2·v_i·dot —
 * the arithmetic of a column-by-column loop, walked along X's rows: the 2,048 × 512 draw of an
 * LSTM(512)'s recurrent kernel took 7.4 s column by column (a cache line per element), 2.2 s now.
 */
function reflect(X: Float64Array, v: Float64Array, k: number, m: number, n: number, j0: number, dots: Float64Array) {
  dots.fill(0, j0, n);
  for (let i = k; i < m; i++) {
    const vi = v[i - k];
    const row = i * n;
    for (let j = j0; j < n; j++) dots[j] += vi * X[row + j];
  }
  for (let i = k; i < m; i++) {
    const t = 2 * v[i - k];
    const row = i * n;
    for (let j = j0; j < n; j++) X[row + j] -= t * dots[j];
  }
}

/**
 * √(Σ vᵢ²) the way V8's Math.hypot computes it (each |vᵢ| over the largest, squares Kahan-summed,
 * the root times the largest; v8/src/builtins/builtins-math.cc): the same bits as before on V8,
 * and on engines whose Math.hypot differs. Spreading a column into Math.hypot also threw a
 * RangeError past ~120,000 rows.
 */
function hypot(v: Float64Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) if (!(Math.abs(v[i]) <= max)) max = Math.abs(v[i]);
  if (max === 0 || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < v.length; i++) {
    const q = Math.abs(v[i]) / max;
    const summand = q * q - compensation;
    const next = sum + summand;
    compensation = next - sum - summand;
    sum = next;
  }
  return Math.sqrt(sum) * max;
}

// Both classes have the Initializer shape; initializers.ts registers them, which checks it
// (an import of the type from there would make the two files import each other).
export class Orthogonal {
  readonly name = 'Orthogonal';
  constructor(readonly gain = 1) {
    if (!Number.isFinite(gain)) throw new ValueError(`Orthogonal: gain must be finite, received ${gain}`);
  }
  init(k: Kernels, ptr: number, shape: readonly number[], seed: number, stream: number): void {
    if (shape.length < 2) throw new ValueError(`Orthogonal: needs a shape of rank ≥ 2, received ${fmtShape(shape)}`);
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const m = Math.max(rows, cols),
      n = Math.min(rows, cols);
    const draw = normals(m * n, seed, stream);
    const q = orthonormalColumns(draw, m, n);
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * (rows >= cols ? q[i * n + j] : q[j * n + i]);
    }
    writeFloats(k, ptr, out);
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}

export class Identity {
  readonly name = 'Identity';
  constructor(readonly gain = 1) {}
  init(k: Kernels, ptr: number, shape: readonly number[]): void {
    if (shape.length !== 2) throw new ValueError(`Identity: needs a 2-D shape, received ${fmtShape(shape)}`);
    const [r, c] = shape;
    k.fill(ptr, r * c, 0);
    const out = new Float32Array(r * c);
    for (let i = 0; i < Math.min(r, c); i++) out[i * c + i] = this.gain;
    writeFloats(k, ptr, out);
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}

// Standard normal draws of stream (seed, stream), as the model's other initializers make them.
function normals(n: number, seed: number, stream: number): Float64Array {
  const scratch = scratchArena();
  const mark = scratch.mark();
  const p = scratch.alloc(n, 'orthogonal draw');
  scratch.k.random_normal(p, n, seed, stream, 0, 1, false);
  const out = Float64Array.from(scratch.read(p, n));
  scratch.release(mark);
  return out;
}

// Initializers get kernels, not an arena: write through the memory the kernels run on.
function writeFloats(k: Kernels, ptr: number, data: Float32Array): void {
  new Float32Array(k.memory.buffer, ptr, data.length).set(data);
}
