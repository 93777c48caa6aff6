// Orthogonal and identity initializers (Keras keras/src/initializers/random_initializers.py,
// constant_initializers.py). Orthogonal: draw a (max(r, c) × min(r, c)) standard normal
// matrix, Q of its QR decomposition with the signs of diag(R) folded in (which makes Q
// unique), transposed when r < c, times gain; r = prod(shape[:-1]), c = shape[-1].
import type { Kernels } from './kernels.js';
import { scratchArena } from './random.js';
import { Arena } from './memory.js';
import { ValueError, fmtShape } from './errors.js';

/** Q (m × n, m ≥ n) of a Householder QR of a (row-major), columns signed so diag(R) > 0. */
export function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const vFloats = m * n - (n * (n - 1)) / 2; // the reflection vectors: m − k floats for column k
  const { arena, done } = qrArena(8 * (2 * m * n + vFloats + n));
  try {
    const alloc = (count: number, what: string) => arena.alloc(2 * count, `orthogonal initializer: ${what}`);
    const [A, Q, V, dots] = [alloc(m * n, 'R'), alloc(m * n, 'Q'), alloc(vFloats, 'reflections'), alloc(n, 'dots')];
    const mem = new Float64Array(arena.memory.buffer); // made after the allocations, which may grow the memory
    const a0 = A >> 3;
    mem.set(a, a0);
    const rdiag = new Float64Array(n);
    const vAt: number[] = [];
    for (let k = 0, vp = V; k < n; vp += 8 * (m - k), k++) {
      let norm = 0;
      for (let i = k; i < m; i++) norm += mem[a0 + i * n + k] ** 2;
      norm = Math.sqrt(norm);
      const alpha = mem[a0 + k * n + k] > 0 ? -norm : norm;
      const v = mem.subarray(vp >> 3, (vp >> 3) + m - k);
      for (let i = k; i < m; i++) v[i - k] = mem[a0 + i * n + k];
      v[0] -= alpha;
      const vn = hypot(v);
      if (vn > 0) for (let i = 0; i < v.length; i++) v[i] /= vn;
      // The reflection, on columns k…: the kernel walks rows (assembly/householder.ts); column by
      // column in JS, a 2,048 × 512 draw (an LSTM(512)'s recurrent kernel) took 7.4 s.
      arena.k.householder_reflect(A, vp, dots, k, m, n, k);
      rdiag[k] = mem[a0 + k * n + k];
      vAt.push(vp);
    }
    const q = mem.subarray(Q >> 3, (Q >> 3) + m * n);
    q.fill(0);
    for (let j = 0; j < n; j++) q[j * n + j] = 1;
    for (let k = n - 1; k >= 0; k--) arena.k.householder_reflect(Q, vAt[k], dots, k, m, n, 0);
    for (let j = 0; j < n; j++) if (rdiag[j] < 0) for (let i = 0; i < m; i++) q[i * n + j] = -q[i * n + j];
    return Float64Array.from(q);
  } finally {
    done();
  }
}

/**
 * Where the QR's float64 buffers go: the shared scratch arena when they are small; an arena of
 * their own, dropped afterwards, when they are not (an arena's memory never shrinks, and an
 * LSTM(1024)'s QR takes ~100 MB).
 */
function qrArena(bytes: number): { arena: Arena; done(): void } {
  if (bytes > 16 << 20) return { arena: new Arena(), done: () => {} };
  const arena = scratchArena();
  const mark = arena.mark();
  return { arena, done: () => arena.release(mark) };
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
