// float64 twins of assembly/prelu.ts, maxout.ts, dropout.ts, regularizers.ts.
type A = ArrayLike<number>;

export function prelu_forward(y: Float64Array, x: A, alpha: A, M: number, N: number, shared: boolean): void {
  for (let i = 0; i < M * N; i++) {
    const a = alpha[shared ? 0 : i % N];
    y[i] = x[i] > 0 ? x[i] : a * x[i];
  }
}

export function prelu_backward(
  dx: Float64Array,
  dalpha: Float64Array,
  dy: A,
  x: A,
  alpha: A,
  M: number,
  N: number,
  shared: boolean,
): void {
  for (let i = 0; i < M * N; i++) {
    const j = shared ? 0 : i % N;
    dx[i] = x[i] > 0 ? dy[i] : x[i] < 0 ? alpha[j] * dy[i] : 0;
    if (x[i] < 0) dalpha[j] += dy[i] * x[i];
  }
}

export function maxout_forward(y: Float64Array, idx: Int32Array, z: A, M: number, units: number, k: number): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < units; j++) {
      let best = (i * units + j) * k;
      for (let p = 1; p < k; p++) if (z[(i * units + j) * k + p] > z[best]) best = (i * units + j) * k + p;
      y[i * units + j] = z[best];
      idx[i * units + j] = best;
    }
}

export function maxout_backward(
  dz: Float64Array,
  dy: A,
  idx: ArrayLike<number>,
  M: number,
  units: number,
  k: number,
): void {
  dz.fill(0, 0, M * units * k);
  for (let t = 0; t < M * units; t++) dz[idx[t]] = dy[t];
}

export function l1l2_backward(g: Float64Array | null, w: A, n: number, l1: number, l2: number): number {
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    penalty += l1 * Math.abs(w[i]) + l2 * w[i] * w[i];
    if (g) g[i] += l1 * Math.sign(w[i]) + 2 * l2 * w[i];
  }
  return penalty;
}

// The counter-based generator of assembly/counter.ts (splitmix64's finalizer over key + (i + 1)·γ), in BigInt.
const M64 = (1n << 64n) - 1n;
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}
/** Draw i of stream (seed, stream) as a double in [0, 1). */
export function uniform_at(seed: number, stream: number, i: bigint): number {
  const key = mix64((BigInt(seed) << 32n) | BigInt(stream));
  return Number(mix64((key + (i + 1n) * 0x9e3779b97f4a7c15n) & M64) >> 11n) * 2 ** -53;
}

/**
 * Inverted dropout: element (i, j) kept when draw (step·2³² + (row0 + i)·N + j) ≥ rate, then scaled by 1/(1 − rate).
 */
export function dropout_forward(
  y: Float64Array,
  mask: Float64Array,
  x: A,
  M: number,
  N: number,
  rate: number,
  seed: number,
  stream: number,
  step: number,
  row0: number,
  shareRows: boolean,
  shareCols: boolean,
): void {
  const scale = Math.fround(1 / Math.fround(1 - rate));
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      const r = shareRows ? 0 : row0 + i;
      const c = shareCols ? 0 : j;
      const keep =
        uniform_at(seed, stream, (BigInt(step) << 32n) + BigInt(r) * BigInt(N) + BigInt(c)) >= rate ? scale : 0;
      mask[i * N + j] = keep;
      y[i * N + j] = x[i * N + j] * keep;
    }
}

export function dropout_backward(dx: Float64Array, dy: A, mask: A, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * mask[i];
}
