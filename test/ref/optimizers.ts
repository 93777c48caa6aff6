// float64 twins of assembly/optimizers.ts (Keras SGD rule).
export function sgd_update(w: Float64Array, g: ArrayLike<number>, n: number, lr: number): void {
  for (let i = 0; i < n; i++) w[i] -= lr * g[i];
}

export function sgd_momentum_update(
  w: Float64Array,
  v: Float64Array,
  g: ArrayLike<number>,
  n: number,
  lr: number,
  momentum: number,
  nesterov: boolean,
): void {
  for (let i = 0; i < n; i++) {
    v[i] = momentum * v[i] - lr * g[i];
    w[i] += nesterov ? momentum * v[i] - lr * g[i] : v[i];
  }
}

/**
 * Keras 3 Adam with alpha = lr·√(1 − β2^t)/(1 − β1^t) given: m += (g − m)(1 − β1); v += (g² − v)(1 − β2); w −= α·m/(√v
 * + ε).
 */
export function adam_update(
  w: Float64Array,
  m: Float64Array,
  v: Float64Array,
  g: ArrayLike<number>,
  n: number,
  alpha: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): void {
  for (let i = 0; i < n; i++) {
    m[i] += (g[i] - m[i]) * (1 - beta1);
    v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
    w[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + epsilon);
  }
}

/**
 * Keras 3 RMSprop: vel = ρ·vel + (1 − ρ)g²; centered subtracts avg² (avg = ρ·avg + (1 − ρ)g); momentum accumulates the
 * increment.
 */
export function rmsprop_update(
  w: Float64Array,
  vel: Float64Array,
  mom: Float64Array,
  avg: Float64Array,
  g: ArrayLike<number>,
  n: number,
  lr: number,
  rho: number,
  momentum: number,
  epsilon: number,
  centered: boolean,
): void {
  for (let i = 0; i < n; i++) {
    vel[i] = rho * vel[i] + (1 - rho) * g[i] * g[i];
    let den = vel[i] + epsilon;
    if (centered) {
      avg[i] = rho * avg[i] + (1 - rho) * g[i];
      den -= avg[i] * avg[i];
    }
    const inc = (lr * g[i]) / Math.sqrt(den);
    if (momentum > 0) {
      mom[i] = momentum * mom[i] + inc;
      w[i] -= mom[i];
    } else w[i] -= inc;
  }
}

/** Keras 3 Adagrad: acc += g²; w −= lr·g/√(acc + ε). */
export function adagrad_update(
  w: Float64Array,
  acc: Float64Array,
  g: ArrayLike<number>,
  n: number,
  lr: number,
  epsilon: number,
): void {
  for (let i = 0; i < n; i++) {
    acc[i] += g[i] * g[i];
    w[i] -= (lr * g[i]) / Math.sqrt(acc[i] + epsilon);
  }
}
