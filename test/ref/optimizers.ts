// float64 twins of assembly/optimizers.ts (Keras SGD rule).
export function sgd_update(w: Float64Array, g: ArrayLike<number>, n: number, lr: number): void {
  for (let i = 0; i < n; i++) w[i] -= lr * g[i];
}

export function sgd_momentum_update(w: Float64Array, v: Float64Array, g: ArrayLike<number>, n: number, lr: number, momentum: number, nesterov: boolean): void {
  for (let i = 0; i < n; i++) {
    v[i] = momentum * v[i] - lr * g[i];
    w[i] += nesterov ? momentum * v[i] - lr * g[i] : v[i];
  }
}
