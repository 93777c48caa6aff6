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
    axpy(dots, x + <usize>i * rowBytes, load<f64>(v + (<usize>(i - k) << 3)), j0, n, false);
  }
  for (let i = k; i < m; i++) {
    axpy(x + <usize>i * rowBytes, dots, 2 * load<f64>(v + (<usize>(i - k) << 3)), j0, n, true);
  }
}

/** dst[j] = dst[j] + s·src[j] (− with subtract) for j in [j0, n): two lanes at a time, then the last alone. */
@inline function axpy(dst: usize, src: usize, s: f64, j0: i32, n: i32, subtract: bool): void {
  const ss = f64x2.splat(s);
  let j = j0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    const p = f64x2.mul(ss, v128.load(src + o));
    v128.store(dst + o, subtract ? f64x2.sub(v128.load(dst + o), p) : f64x2.add(v128.load(dst + o), p));
  }
  if (j < n) {
    const o = <usize>j << 3;
    const p = s * load<f64>(src + o);
    store<f64>(dst + o, subtract ? load<f64>(dst + o) - p : load<f64>(dst + o) + p);
  }
}
