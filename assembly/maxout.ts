// Maxout (Goodfellow et al. 2013): unit j outputs the largest of its k pieces.
// z is (M, units·k) with the pieces of unit j at columns j·k … j·k + k − 1.
// Ties go to the lowest piece; a NaN piece never wins unless it is the first.

/** y(M,units) = max over pieces of z(M, units·k); idx(M,units) (i32) records the winning column. */
export function maxout_forward(y: usize, idx: usize, z: usize, M: i32, units: i32, k: i32): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < units; j++) {
      const base = i * units * k + j * k;
      let best = base;
      let bv = load<f32>(z + (<usize>base << 2));
      for (let p = 1; p < k; p++) {
        const v = load<f32>(z + (<usize>(base + p) << 2));
        if (v > bv) { bv = v; best = base + p; }
      }
      const o = <usize>(i * units + j) << 2;
      store<f32>(y + o, bv);
      store<i32>(idx + o, best);
    }
  }
}

/** dz(M, units·k) = dy routed to the winning piece, 0 elsewhere; overwrites dz. */
export function maxout_backward(dz: usize, dy: usize, idx: usize, M: i32, units: i32, k: i32): void {
  memory.fill(dz, 0, <usize>M * units * k << 2);
  const n = M * units;
  for (let t = 0; t < n; t++) {
    const o = <usize>t << 2;
    store<f32>(dz + (<usize>load<i32>(idx + o) << 2), load<f32>(dy + o));
  }
}
