// The Householder reflection of the orthogonal initializer's QR (src/orthogonal.ts), in float64:
// its float64 twin is test/ref/householder.ts, and the two agree bit for bit — lanes run across
// columns, so each element sees the same multiplies and adds in the same order (no fused ops).

/**
 * Applies I − 2·v·vᵀ (v(m − k) over rows k… of x) to columns j0… of x(m, n), row-major f64:
 * dots[j] = Σᵢ v[i − k]·x[i, j], summed in order of i, then x[i, j] −= 2·v[i − k]·dots[j].
 */
export function householder_reflect(x: usize, v: usize, dots: usize, k: i32, m: i32, n: i32, j0: i32): void {
  const rowBytes = <usize>n << 3;
  for (let j = j0; j < n; j++) store<f64>(dots + (<usize>j << 3), 0);
  for (let i = k; i < m; i++) {
    const vi = load<f64>(v + (<usize>(i - k) << 3));
    const row = x + <usize>i * rowBytes;
    const vv = f64x2.splat(vi);
    let j = j0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      v128.store(dots + o, f64x2.add(v128.load(dots + o), f64x2.mul(vv, v128.load(row + o))));
    }
    if (j < n) {
      const o = <usize>j << 3;
      store<f64>(dots + o, load<f64>(dots + o) + vi * load<f64>(row + o));
    }
  }
  for (let i = k; i < m; i++) {
    const t = 2 * load<f64>(v + (<usize>(i - k) << 3));
    const row = x + <usize>i * rowBytes;
    const tt = f64x2.splat(t);
    let j = j0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      v128.store(row + o, f64x2.sub(v128.load(row + o), f64x2.mul(tt, v128.load(dots + o))));
    }
    if (j < n) {
      const o = <usize>j << 3;
      store<f64>(row + o, load<f64>(row + o) - t * load<f64>(dots + o));
    }
  }
}
