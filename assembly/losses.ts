// Losses: each returns the loss summed over rows (f64) and writes its gradient,
// already multiplied by `scale` (the caller passes 1/M for a mean over the batch).
import { load_tail, store_tail, hsum } from "./vec";
import { row_max, row_exp_sum, row_scale } from "./rows";

/**
 * Softmax + cross-entropy from logits z(M,N) and class indices labels(M) (i32).
 * dz(M,N) = scale·(softmax(z) − onehot); returns Σ_rows (logsumexp(z) − z[label]).
 */
export function softmax_cross_entropy_sparse(dz: usize, z: usize, labels: usize, M: i32, N: i32, scale: f32): f64 {
  let loss: f64 = 0;
  for (let i = 0; i < M; i++) {
    const o = <usize>i * N << 2;
    const m = row_max(z + o, N);
    const s = row_exp_sum(dz + o, z + o, N, m);
    const c = load<i32>(labels + (<usize>i << 2));
    loss += <f64>m + Math.log(<f64>s) - <f64>load<f32>(z + o + (<usize>c << 2));
    row_scale(dz + o, N, scale / s);
    const q = dz + o + (<usize>c << 2);
    store<f32>(q, load<f32>(q) - scale);
  }
  return loss;
}

/**
 * Softmax + cross-entropy from logits z(M,N) and targets t(M,N) (rows of any sum).
 * dz = scale·(Σt·softmax(z) − t); returns Σ_rows Σ_j t_j·(logsumexp(z) − z_j).
 */
export function softmax_cross_entropy(dz: usize, z: usize, t: usize, M: i32, N: i32, scale: f32): f64 {
  let loss: f64 = 0;
  for (let i = 0; i < M; i++) {
    const o = <usize>i * N << 2;
    const m = row_max(z + o, N);
    const s = row_exp_sum(dz + o, z + o, N, m);
    const lse = <f64>m + Math.log(<f64>s);
    let tsum: f64 = 0, tz: f64 = 0;
    for (let j = 0; j < N; j++) {
      const q = o + (<usize>j << 2);
      const tj = <f64>load<f32>(t + q);
      tsum += tj;
      tz += tj * <f64>load<f32>(z + q);
    }
    loss += lse * tsum - tz;
    row_scale(dz + o, N, <f32>(tsum * <f64>scale) / s);
    const sv = f32x4.splat(scale);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const q = o + (<usize>j << 2);
      v128.store(dz + q, f32x4.sub(v128.load(dz + q), f32x4.mul(sv, v128.load(t + q))));
    }
    if (j < N) {
      const q = o + (<usize>j << 2);
      const r = N - j;
      store_tail(dz + q, f32x4.sub(load_tail(dz + q, r), f32x4.mul(sv, load_tail(t + q, r))), r);
    }
  }
  return loss;
}

const EPSILON: f64 = 1e-7; // Keras backend.epsilon(), used to clip probabilities

/**
 * Cross-entropy of probabilities p(M,N) against targets t(M,N), Keras style: rows are
 * normalised to q = p/Σp and clipped to [ε, 1−ε]; returns Σ_rows −Σ_j t_j·log q_j.
 * dp = scale·∂loss/∂p (a clipped q_j passes no gradient through its log).
 */
export function categorical_crossentropy(dp: usize, p: usize, t: usize, M: i32, N: i32, scale: f32): f64 {
  let loss: f64 = 0;
  for (let i = 0; i < M; i++) {
    const o = <usize>i * N << 2;
    let sum: f64 = 0;
    for (let j = 0; j < N; j++) sum += <f64>load<f32>(p + o + (<usize>j << 2));
    // g_j = −t_j/q_j where not clipped; dp_k = (g_k − Σ_j g_j q_j) / Σp
    let gq: f64 = 0;
    for (let j = 0; j < N; j++) {
      const q = o + (<usize>j << 2);
      const qj = <f64>load<f32>(p + q) / sum;
      const tj = <f64>load<f32>(t + q);
      const qc = min(max(qj, EPSILON), 1 - EPSILON);
      loss -= tj * Math.log(qc);
      const g = qc == qj ? -tj / qj : 0;
      gq += g * qj;
      store<f32>(dp + q, <f32>g);
    }
    for (let j = 0; j < N; j++) {
      const q = dp + o + (<usize>j << 2);
      store<f32>(q, <f32>((<f64>load<f32>(q) - gq) / sum * <f64>scale));
    }
  }
  return loss;
}

/** Mean squared error parts: dy(M,N) = scale·(y − t); returns Σ (y − t)². */
export function mean_squared_error(dy: usize, y: usize, t: usize, M: i32, N: i32, scale: f32): f64 {
  const n = M * N;
  const sv = f32x4.splat(scale);
  let acc = f32x4.splat(0);
  let loss: f64 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const d = f32x4.sub(v128.load(y + o), v128.load(t + o));
    v128.store(dy + o, f32x4.mul(d, sv));
    acc = f32x4.add(acc, f32x4.mul(d, d));
    if ((i & 1023) == 1020) { loss += <f64>hsum(acc); acc = f32x4.splat(0); } // bound f32 drift
  }
  if (i < n) {
    const o = <usize>i << 2;
    const d = f32x4.sub(load_tail(y + o, n - i), load_tail(t + o, n - i));
    store_tail(dy + o, f32x4.mul(d, sv), n - i);
    acc = f32x4.add(acc, f32x4.mul(d, d));
  }
  return loss + <f64>hsum(acc);
}

/**
 * Binary cross-entropy from logits z(M,N), stable for any z:
 * max(z, 0) − z·t + log(1 + e^−|z|) per element; dz = scale·(sigmoid(z) − t). Returns the sum.
 */
export function sigmoid_binary_crossentropy(dz: usize, z: usize, t: usize, M: i32, N: i32, scale: f32): f64 {
  let loss: f64 = 0;
  const n = M * N;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const zi = <f64>load<f32>(z + o);
    const ti = <f64>load<f32>(t + o);
    const e = Math.exp(-Math.abs(zi));
    loss += max(zi, 0) - zi * ti + Math.log1p(e);
    const s = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
    store<f32>(dz + o, <f32>((s - ti) * <f64>scale));
  }
  return loss;
}

/**
 * Binary cross-entropy of probabilities p(M,N), Keras style: p clipped to [ε, 1 − ε],
 * −(t·log p + (1 − t)·log(1 − p)); a clipped p passes no gradient. Returns the sum.
 */
export function binary_crossentropy(dp: usize, p: usize, t: usize, M: i32, N: i32, scale: f32): f64 {
  let loss: f64 = 0;
  const n = M * N;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const pi = <f64>load<f32>(p + o);
    const ti = <f64>load<f32>(t + o);
    const pc = min(max(pi, EPSILON), 1 - EPSILON);
    loss -= ti * Math.log(pc) + (1 - ti) * Math.log(1 - pc);
    const g = pc == pi ? -ti / pi + (1 - ti) / (1 - pi) : 0;
    store<f32>(dp + o, <f32>(g * <f64>scale));
  }
  return loss;
}
