// float64 twins of assembly/prelu.ts, maxout.ts, dropout.ts, regularizers.ts.
type A = ArrayLike<number>;

export function prelu_forward(y: Float64Array, x: A, alpha: A, M: number, N: number, shared: boolean): void {
  for (let i = 0; i < M * N; i++) {
    const a = alpha[shared ? 0 : i % N];
    y[i] = x[i] > 0 ? x[i] : a * x[i];
  }
}

export function prelu_backward(dx: Float64Array, dalpha: Float64Array, dy: A, x: A, alpha: A, M: number, N: number, shared: boolean): void {
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

export function maxout_backward(dz: Float64Array, dy: A, idx: ArrayLike<number>, M: number, units: number, k: number): void {
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
