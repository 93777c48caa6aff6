// float64 twin of assembly/householder.ts, same name and argument order (arrays for pointers).

/** Applies I − 2·v·vᵀ (v over rows k…) to columns j0… of x(m, n): column dot products first, in order of rows. */
export function householder_reflect(
  x: Float64Array,
  v: Float64Array,
  dots: Float64Array,
  k: number,
  m: number,
  n: number,
  j0: number,
): void {
  dots.fill(0, j0, n);
  for (let i = k; i < m; i++) {
    const vi = v[i - k];
    for (let j = j0; j < n; j++) dots[j] += vi * x[i * n + j];
  }
  for (let i = k; i < m; i++) {
    const t = 2 * v[i - k];
    for (let j = j0; j < n; j++) x[i * n + j] -= t * dots[j];
  }
}
