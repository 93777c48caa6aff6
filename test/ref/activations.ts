// float64 twins of assembly/activations.ts and softmax.ts: y = f(x), dx = dy·f'(x).
type A = ArrayLike<number>;

export const forward: Record<string, (x: number, alpha: number) => number> = {
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : 0),
  leaky_relu: (x, a) => (x > 0 ? x : a * x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
};

/** f'(x); at kinks the value the kernels document (relu'(0) = 0, leaky'(0) = alpha). */
export const derivative: Record<string, (x: number, alpha: number) => number> = {
  linear: () => 1,
  relu: (x) => (x > 0 ? 1 : 0),
  leaky_relu: (x, a) => (x > 0 ? 1 : a),
  sigmoid: (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s);
  },
  tanh: (x) => 1 - Math.tanh(x) ** 2,
};

export function activation_forward(name: string, y: Float64Array, x: A, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) y[i] = forward[name](x[i], alpha);
}

export function activation_backward(name: string, dx: Float64Array, dy: A, x: A, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * derivative[name](x[i], alpha);
}

/** y(M,N) = row softmax of x. */
export function softmax_forward(y: Float64Array, x: A, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    let m = -Infinity;
    for (let j = 0; j < N; j++) m = Math.max(m, x[i * N + j]);
    let s = 0;
    for (let j = 0; j < N; j++) s += Math.exp(x[i * N + j] - m);
    for (let j = 0; j < N; j++) y[i * N + j] = Math.exp(x[i * N + j] - m) / s;
  }
}

/** dx = y ⊙ (dy − ⟨dy, y⟩). */
export function softmax_backward(dx: Float64Array, dy: A, y: A, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    let d = 0;
    for (let j = 0; j < N; j++) d += dy[i * N + j] * y[i * N + j];
    for (let j = 0; j < N; j++) dx[i * N + j] = y[i * N + j] * (dy[i * N + j] - d);
  }
}

/** y(M,N) += b(N). */
export function bias_forward(y: Float64Array, b: A, M: number, N: number): void {
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) y[i * N + j] += b[j];
}

/** db(N) += column sums of dy(M,N). */
export function bias_backward(db: Float64Array, dy: A, M: number, N: number): void {
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) db[j] += dy[i * N + j];
}
