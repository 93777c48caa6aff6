// Float64 twins of the recurrent layers, Embedding and glu, written per sample and per step
// from the Keras cell definitions (keras/src/layers/rnn/{lstm,gru,simple_rnn}.py): no
// time-major buffers, no fused gates. Weights in Keras's layout, x (B, T, D) batch-major.

type Arr = ArrayLike<number>;
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export type Cell = 'lstm' | 'gru' | 'rnn';
export interface RecurrentSpec {
  cell: Cell;
  units: number;
  returnSequences: boolean;
  goBackwards: boolean;
  /** GRU only: false applies the reset gate before the recurrent product (one bias row). */
  resetAfter?: boolean;
}

/** [kernel, recurrent_kernel, bias?] → the layer's output, (B, T, U) or (B, U). */
export function recurrent_forward(s: RecurrentSpec, w: Arr[], x: Arr, B: number, T: number, D: number): Float64Array {
  const U = s.units;
  const G = s.cell === 'lstm' ? 4 : s.cell === 'gru' ? 3 : 1;
  const [W, R, bias] = w;
  const out = new Float64Array(B * (s.returnSequences ? T : 1) * U);
  for (let b = 0; b < B; b++) {
    let h = new Float64Array(U);
    let c = new Float64Array(U);
    for (let step = 0; step < T; step++) {
      const t = s.goBackwards ? T - 1 - step : step;
      const xw = new Float64Array(G * U); // x·W + b (GRU: its input bias row)
      const hr = new Float64Array(G * U); // h₋₁·R (GRU: + its recurrent bias row)
      for (let j = 0; j < G * U; j++) {
        let a = bias ? bias[j] : 0;
        for (let d = 0; d < D; d++) a += x[(b * T + t) * D + d] * W[d * G * U + j];
        xw[j] = a;
        const after = s.resetAfter !== false;
        let r = s.cell === 'gru' && bias && after ? bias[G * U + j] : 0;
        for (let k = 0; k < U; k++) r += h[k] * R[k * G * U + j];
        hr[j] = r;
      }
      const hn = new Float64Array(U);
      const cn = new Float64Array(U);
      for (let j = 0; j < U; j++) {
        if (s.cell === 'lstm') {
          const [i, f, g, o] = [0, 1, 2, 3].map((q) => xw[q * U + j] + hr[q * U + j]);
          cn[j] = sigmoid(f) * c[j] + sigmoid(i) * Math.tanh(g);
          hn[j] = sigmoid(o) * Math.tanh(cn[j]);
        } else if (s.cell === 'gru') {
          const z = sigmoid(xw[j] + hr[j]);
          const r = sigmoid(xw[U + j] + hr[U + j]);
          let rec = r * hr[2 * U + j];
          if (s.resetAfter === false) {
            rec = 0; // (r ⊙ h₋₁)·R_h, with every unit's own reset gate
            for (let k = 0; k < U; k++) rec += sigmoid(xw[U + k] + hr[U + k]) * h[k] * R[k * G * U + 2 * U + j];
          }
          const hh = Math.tanh(xw[2 * U + j] + rec);
          hn[j] = z * h[j] + (1 - z) * hh;
        } else hn[j] = Math.tanh(xw[j] + hr[j]);
      }
      h = hn;
      c = cn;
      if (s.returnSequences) out.set(h, (b * T + step) * U);
    }
    if (!s.returnSequences) out.set(h, b * U);
  }
  return out;
}

/** y(n, D) = rows of E at ids x(n). */
export function embedding_forward(E: Arr, x: Arr, D: number): Float64Array {
  const y = new Float64Array(x.length * D);
  for (let i = 0; i < x.length; i++) for (let d = 0; d < D; d++) y[i * D + d] = E[x[i] * D + d];
  return y;
}

/** y(M, N/2) = a·σ(b) for the halves a, b of each row of z(M, N). */
export function glu_forward(z: Arr, M: number, N: number): Float64Array {
  const H = N / 2;
  const y = new Float64Array(M * H);
  for (let m = 0; m < M; m++) for (let j = 0; j < H; j++) y[m * H + j] = z[m * N + j] * sigmoid(z[m * N + H + j]);
  return y;
}
