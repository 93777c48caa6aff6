// float64 twins of assembly/losses.ts: each writes scale·gradient and returns the summed loss.
type A = ArrayLike<number>;

function lse(z: A, o: number, N: number): number {
  let m = -Infinity;
  for (let j = 0; j < N; j++) m = Math.max(m, z[o + j]);
  let s = 0;
  for (let j = 0; j < N; j++) s += Math.exp(z[o + j] - m);
  return m + Math.log(s);
}

export function softmax_cross_entropy_sparse(
  dz: Float64Array,
  z: A,
  labels: A,
  M: number,
  N: number,
  scale: number,
): number {
  let loss = 0;
  for (let i = 0; i < M; i++) {
    const l = lse(z, i * N, N);
    loss += l - z[i * N + labels[i]];
    for (let j = 0; j < N; j++) dz[i * N + j] = scale * (Math.exp(z[i * N + j] - l) - (j === labels[i] ? 1 : 0));
  }
  return loss;
}

export function softmax_cross_entropy(dz: Float64Array, z: A, t: A, M: number, N: number, scale: number): number {
  let loss = 0;
  for (let i = 0; i < M; i++) {
    const l = lse(z, i * N, N);
    let tsum = 0;
    for (let j = 0; j < N; j++) {
      tsum += t[i * N + j];
      loss += t[i * N + j] * (l - z[i * N + j]);
    }
    for (let j = 0; j < N; j++) dz[i * N + j] = scale * (tsum * Math.exp(z[i * N + j] - l) - t[i * N + j]);
  }
  return loss;
}

const EPS = 1e-7;

/** Keras categorical_crossentropy on probabilities: normalise rows, clip to [ε, 1−ε]. */
export function categorical_crossentropy(dp: Float64Array, p: A, t: A, M: number, N: number, scale: number): number {
  let loss = 0;
  for (let i = 0; i < M; i++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += p[i * N + j];
    const g: number[] = [];
    let gq = 0;
    for (let j = 0; j < N; j++) {
      const q = p[i * N + j] / s;
      const qc = Math.min(Math.max(q, EPS), 1 - EPS);
      loss -= t[i * N + j] * Math.log(qc);
      g[j] = qc === q ? -t[i * N + j] / q : 0;
      gq += g[j] * q;
    }
    for (let j = 0; j < N; j++) dp[i * N + j] = (scale * (g[j] - gq)) / s;
  }
  return loss;
}

export function mean_squared_error(dy: Float64Array, y: A, t: A, M: number, N: number, scale: number): number {
  let loss = 0;
  for (let i = 0; i < M * N; i++) {
    const d = y[i] - t[i];
    loss += d * d;
    dy[i] = scale * d;
  }
  return loss;
}
