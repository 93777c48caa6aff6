// Shared test harness: an arena for kernel calls, buffers guarded by canary words,
// seeded test data, and comparisons that print index, expected, actual and size.
import * as assert from 'uvu/assert';
import { Arena } from '../src/memory.js';
import { tensor, type Tensor } from '../src/index.js';

export const SIZES = [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 127];

const CANARY = 0x7fc0dead; // a NaN bit pattern no kernel writes
const GUARD = 4;

/** A float buffer in the arena with canary words on both sides. */
export interface Buf {
  ptr: number;
  n: number;
}

export class Harness {
  readonly arena = new Arena();
  private readonly base = this.arena.mark();
  get k() {
    return this.arena.k;
  }

  /** Frees every buffer (call at the start of each case). */
  reset(): void {
    this.arena.release(this.base);
  }

  /** n floats (or i32 when `ints`) from `values`, guarded; `offset` floats of misalignment. */
  buf(values: ArrayLike<number> | number, offset = 0, ints = false): Buf {
    const n = typeof values === 'number' ? values : values.length;
    const start = this.arena.alloc(n + 2 * GUARD + offset, 'test buffer');
    const ptr = start + (GUARD + offset) * 4;
    const i32 = this.arena.i32;
    for (let i = 0; i < GUARD; i++) {
      i32[(ptr >> 2) - 1 - i] = CANARY;
      i32[(ptr >> 2) + n + i] = CANARY;
    }
    if (typeof values !== 'number') (ints ? i32 : this.arena.f32).set(values, ptr >> 2);
    else this.arena.f32.fill(0, ptr >> 2, (ptr >> 2) + n);
    return { ptr, n };
  }

  read(b: Buf): Float32Array {
    this.checkGuards(b);
    return this.arena.read(b.ptr, b.n);
  }

  checkGuards(b: Buf, what = 'buffer'): void {
    const i32 = this.arena.i32;
    for (let i = 0; i < GUARD; i++) {
      if (i32[(b.ptr >> 2) - 1 - i] !== CANARY) assert.unreachable(`${what}: write before the buffer at -${i + 1}`);
      if (i32[(b.ptr >> 2) + b.n + i] !== CANARY)
        assert.unreachable(`${what}: write past the buffer at n+${i} (n=${b.n})`);
    }
  }
}

/** Seeded test data (mulberry32), uniform in [lo, hi). */
export function randoms(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/** Elementwise |a − r| ≤ tol(r); the message names the first bad index. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: (r: number) => number,
  what: string,
): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const r = expected[i];
    const ok = Number.isNaN(r) ? Number.isNaN(a) : Math.abs(a - r) <= tol(r) || a === r;
    if (!ok)
      assert.unreachable(`${what}: index ${i}: expected ${r}, actual ${a} (|diff| ${Math.abs(a - r)}, tol ${tol(r)})`);
  }
}

/** test/README.md rule 1: plain float32 ops. */
export const elementwise = (r: number) => Math.max(1e-5, 1e-6 * Math.abs(r));
/** test/README.md rule 1: transcendental ops (rtol 1e-5, atol 1e-6). */
export const transcendental = (r: number) => 1e-6 + 1e-5 * Math.abs(r);
/** test/README.md rule 1: a reduction of length K over values bounded by ma, mb. */
export const reduction = (K: number, ma: number, mb: number) => () => K * 2 ** -23 * ma * mb + 1e-6;

export const maxAbs = (a: ArrayLike<number>) =>
  Array.prototype.reduce.call(a, (m: number, v: number) => Math.max(m, Math.abs(v)), 0) as number;

/** The bit patterns of every weight, for bit-for-bit comparisons of whole models. */
export const bits = (ws: { data: Float32Array }[]) =>
  ws.flatMap((w) => Array.from(new Uint32Array(w.data.buffer, w.data.byteOffset, w.data.length)));

/** Input for a registered layer example: uniform in [-1, 1), or integer ids where it takes ids. */
export function exampleInput(e: { inputShape: number[]; ids?: number }, rows: number, seed: number): Tensor {
  const n = rows * e.inputShape.reduce((a, b) => a * b, 1);
  const data = e.ids
    ? Float32Array.from(randoms(n, seed, 0, 1), (v) => Math.floor(v * e.ids!))
    : randoms(n, seed, -1, 1);
  return tensor(data, [rows, ...e.inputShape]);
}
