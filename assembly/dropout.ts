// Inverted dropout: in training each element is kept with probability 1 − rate and
// scaled by 1/(1 − rate), so inference is the identity (the weight-scaling rule of
// Srivastava et al. 2014 folded into training). The draw for element (i, j) is value
// (row0 + i)·N + j of stream (seed, stream): the mask depends on the sample's place in
// the minibatch and the step, never on how rows are split across workers.
// share_rows / share_cols broadcast one mask row / column (Keras noise_shape with 1s).
import { uniform_at, key_of } from "./counter";

/** y(M,N) = x·mask, mask(M,N) = 0 or 1/(1 − rate); overwrites both. */
export function dropout_forward(y: usize, mask: usize, x: usize, M: i32, N: i32, rate: f32,
  seed: u32, stream: u32, step: f64, row0: i32, share_rows: bool, share_cols: bool): void {
  const k = key_of(seed, stream);
  const base = <u64>step << 32;
  const scale: f32 = 1 / (1 - rate);
  for (let i = 0; i < M; i++) {
    const r = share_rows ? 0 : row0 + i;
    for (let j = 0; j < N; j++) {
      const c = share_cols ? 0 : j;
      const keep: f32 = uniform_at(k, base + <u64>r * <u64>N + <u64>c) >= <f64>rate ? scale : 0;
      const o = <usize>(i * N + j) << 2;
      store<f32>(mask + o, keep);
      store<f32>(y + o, load<f32>(x + o) * keep);
    }
  }
}

/** dx(n) = dy·mask. */
export function dropout_backward(dx: usize, dy: usize, mask: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), v128.load(mask + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, load<f32>(dy + o) * load<f32>(mask + o));
  }
}
