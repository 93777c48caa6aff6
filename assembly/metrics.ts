// Counts of correct predictions, for the accuracy metrics. Ties go to the lowest index.

/** Index of the largest of x(N); NaN never wins. */
@inline function argmax_row(x: usize, N: i32): i32 {
  let best = 0;
  let bv = load<f32>(x);
  for (let j = 1; j < N; j++) {
    const v = load<f32>(x + (<usize>j << 2));
    if (v > bv || bv != bv) { bv = v; best = j; }
  }
  return best;
}

/** Rows of y(M,N) whose arg-max equals labels(M) (i32). */
export function count_correct_sparse(y: usize, labels: usize, M: i32, N: i32): i32 {
  let n = 0;
  for (let i = 0; i < M; i++) {
    if (argmax_row(y + (<usize>i * N << 2), N) == load<i32>(labels + (<usize>i << 2))) n++;
  }
  return n;
}

/** Rows of y(M,N) whose arg-max equals the arg-max of t(M,N). */
export function count_correct_onehot(y: usize, t: usize, M: i32, N: i32): i32 {
  let n = 0;
  for (let i = 0; i < M; i++) {
    const o = <usize>i * N << 2;
    if (argmax_row(y + o, N) == argmax_row(t + o, N)) n++;
  }
  return n;
}

/** Elements where (y > 0.5) == (t > 0.5), over n floats (Keras binary_accuracy). */
export function count_correct_binary(y: usize, t: usize, n: i32): i32 {
  let c = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    if ((load<f32>(y + o) > 0.5) == (load<f32>(t + o) > 0.5)) c++;
  }
  return c;
}
