// Embedding lookup: ids arrive as floats (the model's input is f32; integers up to 2^24 are
// exact). The layer checks them on the main thread before staging; an id outside [0, V)
// reaching a kernel anyway reads and writes nothing.

/** y(n, D) = rows of E(V, D) at ids x(n); an id outside [0, V) gives a row of zeros. */
export function embedding_forward(y: usize, x: usize, E: usize, n: i32, D: i32, V: i32): void {
  const bytes = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const id = <i32>load<f32>(x + (<usize>i << 2));
    const dst = y + <usize>i * bytes;
    if (id >= 0 && id < V) memory.copy(dst, E + <usize>id * bytes, bytes);
    else memory.fill(dst, 0, bytes);
  }
}

/** dE(V, D) rows at ids x(n) += dy(n, D), in row order (a fixed order: the same bits on any thread). */
export function embedding_backward(dE: usize, dy: usize, x: usize, n: i32, D: i32, V: i32): void {
  const bytes = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const id = <i32>load<f32>(x + (<usize>i << 2));
    if (id < 0 || id >= V) continue;
    const dst = dE + <usize>id * bytes;
    const src = dy + <usize>i * bytes;
    let j = 0;
    for (; j + 4 <= D; j += 4) {
      const o = <usize>j << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
    }
    for (; j < D; j++) {
      const o = <usize>j << 2;
      store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
    }
  }
}
