// float64 twins of assembly/activations.ts and softmax.ts: y = f(x), dx = dy·f'(x).
type A = ArrayLike<number>;

/** erf to ~1e-14: Maclaurin series for |x| ≤ 3, continued fraction of erfc beyond. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 3) {
    let term = ax,
      sum = ax;
    for (let n = 1; n < 100; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let k = ax;
  for (let n = 80; n >= 1; n--) k = ax + n / 2 / k;
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * k));
}

const SELU_A = 1.6732632423543772,
  SELU_S = 1.0507009873554805;
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const geluTanhInner = (x: number) => Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3));

export const forward: Record<string, (x: number, alpha: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(x, 0),
  leaky_relu: (x, a) => (x > 0 ? x : a * x),
  sigmoid: sig,
  tanh: (x) => Math.tanh(x),
  abs: (x) => Math.abs(x),
  hard_tanh: (x) => Math.min(Math.max(x, -1), 1),
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  softsign: (x) => x / (1 + Math.abs(x)),
  elu: (x, a) => (x > 0 ? x : a * Math.expm1(x)),
  selu: (x) => SELU_S * (x > 0 ? x : SELU_A * Math.expm1(x)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  gelu_tanh: (x) => 0.5 * x * (1 + geluTanhInner(x)),
  swish: (x) => x * sig(x),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  cos: (x) => Math.cos(x),
  rbf: (x) => Math.exp(-x * x),
};

/** Parameter each kernel is called with in tests (Keras defaults). */
export const ALPHA: Record<string, number> = { leaky_relu: 0.2, elu: 1 };

/** f'(x); at kinks the value the kernels document (relu'(0) = 0, leaky'(0) = alpha, …). */
export const derivative: Record<string, (x: number, alpha: number) => number> = {
  linear: () => 1,
  relu: (x) => (x > 0 ? 1 : 0),
  leaky_relu: (x, a) => (x > 0 ? 1 : a),
  sigmoid: (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s);
  },
  tanh: (x) => 1 - Math.tanh(x) ** 2,
  abs: (x) => Math.sign(x),
  hard_tanh: (x) => (x > -1 && x < 1 ? 1 : 0),
  softplus: sig,
  softsign: (x) => 1 / (1 + Math.abs(x)) ** 2,
  elu: (x, a) => (x > 0 ? 1 : a * Math.exp(x)),
  selu: (x) => SELU_S * (x > 0 ? 1 : SELU_A * Math.exp(x)),
  gelu: (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp((-x * x) / 2)) / Math.sqrt(2 * Math.PI),
  gelu_tanh: (x) => {
    const t = geluTanhInner(x);
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * x * x);
  },
  swish: (x) => sig(x) * (1 + x * (1 - sig(x))),
  relu6: (x) => (x > 0 && x < 6 ? 1 : 0),
  cos: (x) => -Math.sin(x),
  rbf: (x) => -2 * x * Math.exp(-x * x),
};

/** Where each activation has a kink: tests keep random points away from them. */
export const KINKS: Record<string, number[]> = {
  relu: [0],
  leaky_relu: [0],
  abs: [0],
  hard_tanh: [-1, 1],
  relu6: [0, 6],
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
