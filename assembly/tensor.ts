// Plain data movement and checks over arena buffers.

/** p(n) = value. */
export function fill(p: usize, n: i32, value: f32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(p + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(p + (<usize>i << 2), value);
}

/** dst(rows, width) = src rows idx[0..rows) (i32 indices); copies rows. */
export function gather_rows(dst: usize, src: usize, idx: usize, rows: i32, width: i32): void {
  const bytes = <usize>width << 2;
  for (let i = 0; i < rows; i++) {
    const r = load<i32>(idx + (<usize>i << 2));
    memory.copy(dst + <usize>i * bytes, src + <usize>r * bytes, bytes);
  }
}

/** 1 if every float of p(n) is finite, else 0. x·0 is 0 for finite x and NaN otherwise. */
export function all_finite(p: usize, n: i32): i32 {
  let acc = f32x4.splat(0);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(p + (<usize>i << 2)), zero));
  let s: f32 = 0;
  for (; i < n; i++) s += load<f32>(p + (<usize>i << 2)) * 0;
  s += f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)
    + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  return s == 0 ? 1 : 0;
}

/**
 * dst(n) += src_0 + src_1 + … + src_{count−1}, added left to right onto dst; src_c = src + c·stride
 * bytes. The fixed order makes the result independent of which thread computed which src_c.
 * Returns 1 if every sum is finite, else 0 (the all_finite check, fused; count 0 only checks dst).
 */
export function accumulate_blocks(dst: usize, src: usize, count: i32, stride: usize, n: i32): i32 {
  if (count == 0) return all_finite(dst, n); // nothing to add: read, do not write back
  const zero = f32x4.splat(0);
  let check = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let s = v128.load(dst + o);
    for (let c = 0; c < count; c++) s = f32x4.add(s, v128.load(src + <usize>c * stride + o));
    v128.store(dst + o, s);
    check = f32x4.add(check, f32x4.mul(s, zero));
  }
  let tail: f32 = 0;
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let s = load<f32>(dst + o);
    for (let c = 0; c < count; c++) s += load<f32>(src + <usize>c * stride + o);
    store<f32>(dst + o, s);
    tail += s * 0;
  }
  tail += f32x4.extract_lane(check, 0) + f32x4.extract_lane(check, 1)
    + f32x4.extract_lane(check, 2) + f32x4.extract_lane(check, 3);
  return tail == 0 ? 1 : 0;
}

/** dst(n) = src(n); the ranges may overlap. */
export function copy(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 2);
}
