// 2-D pooling over NHWC data, windows (PH, PW) at strides (SH, SW), PT/PL pixels of padding
// before. Padding is never a candidate: a max is taken over the window's pixels inside the
// image, a mean divides by their count (TensorFlow's rule for 'same'). Channels run four
// lanes at a time. Max pooling keeps, per output, the input offset (within its sample) that
// won: the first maximum in row-major window order, as TensorFlow's CPU kernels do (a later
// tap replaces the best only when strictly greater), so ties go to the top-left one.
// A global pooling is the window (H, W) at stride 1 with no padding.

@inline function lo(o: i32, s: i32, p: i32): i32 {
  return max(0, p - o * s);
}

/** y(rows, OH, OW, C) = window max of x(rows, H, W, C); idx (i32, same shape) = the winning offset. */
export function max_pool_forward(y: usize, idx: usize, x: usize, rows: i32, H: i32, W: i32, C: i32, PH: i32, PW: i32,
  SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  const lanes = i32x4(0, 1, 2, 3);
  let out = <usize>0;
  for (let n = 0; n < rows; n++) {
    const xn = x + (<usize>n * H * W * C << 2);
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * SH - PT, ky0 = lo(oy, SH, PT), ky1 = min(PH, H - y0);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * SW - PL, kx0 = lo(ox, SW, PL), kx1 = min(PW, W - x0);
        const first = ((y0 + ky0) * W + x0 + kx0) * C;
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          let best = v128.load(xn + (<usize>(first + c) << 2));
          let at = i32x4.add(i32x4.splat(first + c), lanes);
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const o = ((y0 + ky) * W + x0 + kx) * C + c;
              const v = v128.load(xn + (<usize>o << 2));
              const gt = f32x4.gt(v, best);
              best = v128.bitselect(v, best, gt);
              at = v128.bitselect(i32x4.add(i32x4.splat(o), lanes), at, gt);
            }
          }
          v128.store(y + out + (<usize>c << 2), best);
          v128.store(idx + out + (<usize>c << 2), at);
        }
        for (; c < C; c++) {
          let at = first + c;
          let best = load<f32>(xn + (<usize>at << 2));
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const o = ((y0 + ky) * W + x0 + kx) * C + c;
              const v = load<f32>(xn + (<usize>o << 2));
              if (v > best) { best = v; at = o; }
            }
          }
          store<f32>(y + out + (<usize>c << 2), best);
          store<i32>(idx + out + (<usize>c << 2), at);
        }
        out += <usize>C << 2;
      }
    }
  }
}

/**
 * dx(rows, H, W, C) = dy routed to the offsets in idx (adding where windows overlap); overwrites dx.
 * Windows that do not overlap (stride ≥ window, as in a CNN's 2×2 pooling) give each pixel at
 * most one gradient: each window's pixels are then written four channels at a time, dy where
 * the arg-max is and 0 elsewhere, instead of scattered one value at a time.
 */
export function max_pool_backward(dx: usize, dy: usize, idx: usize, rows: i32, H: i32, W: i32, C: i32,
  PH: i32, PW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  const per = H * W * C, outs = OH * OW * C;
  memory.fill(dx, 0, <usize>rows * per << 2);
  const lanes = i32x4(0, 1, 2, 3);
  const apart = SH >= PH && SW >= PW;
  for (let n = 0; n < rows; n++) {
    const dn = dx + (<usize>n * per << 2);
    const base = <usize>n * outs << 2;
    if (!apart) {
      for (let t = 0; t < outs; t++) {
        const o = base + (<usize>t << 2);
        const d = dn + (<usize>load<i32>(idx + o) << 2);
        store<f32>(d, load<f32>(d) + load<f32>(dy + o));
      }
      continue;
    }
    let out = base;
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * SH - PT, ky0 = lo(oy, SH, PT), ky1 = min(PH, H - y0);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * SW - PL, kx0 = lo(ox, SW, PL), kx1 = min(PW, W - x0);
        for (let ky = ky0; ky < ky1; ky++) {
          for (let kx = kx0; kx < kx1; kx++) {
            const at = ((y0 + ky) * W + x0 + kx) * C;
            let c = 0;
            for (; c + 4 <= C; c += 4) {
              const won = i32x4.eq(v128.load(idx + out + (<usize>c << 2)), i32x4.add(i32x4.splat(at + c), lanes));
              v128.store(dn + (<usize>(at + c) << 2), v128.and(v128.load(dy + out + (<usize>c << 2)), won));
            }
            for (; c < C; c++) {
              const o = out + (<usize>c << 2);
              if (load<i32>(idx + o) == at + c) store<f32>(dn + (<usize>(at + c) << 2), load<f32>(dy + o));
            }
          }
        }
        out += <usize>C << 2;
      }
    }
  }
}

/** y(rows, OH, OW, C) = mean of each window's pixels inside x(rows, H, W, C). */
export function avg_pool_forward(y: usize, x: usize, rows: i32, H: i32, W: i32, C: i32, PH: i32, PW: i32,
  SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  let out = y;
  for (let n = 0; n < rows; n++) {
    const xn = x + (<usize>n * H * W * C << 2);
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * SH - PT, ky0 = lo(oy, SH, PT), ky1 = min(PH, H - y0);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * SW - PL, kx0 = lo(ox, SW, PL), kx1 = min(PW, W - x0);
        const count = f32x4.splat(<f32>((ky1 - ky0) * (kx1 - kx0)));
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          let sum = f32x4.splat(0);
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              sum = f32x4.add(sum, v128.load(xn + (<usize>(((y0 + ky) * W + x0 + kx) * C + c) << 2)));
            }
          }
          v128.store(out + (<usize>c << 2), f32x4.div(sum, count));
        }
        for (; c < C; c++) {
          let sum: f32 = 0;
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) sum += load<f32>(xn + (<usize>(((y0 + ky) * W + x0 + kx) * C + c) << 2));
          }
          store<f32>(out + (<usize>c << 2), sum / f32x4.extract_lane(count, 0));
        }
        out += <usize>C << 2;
      }
    }
  }
}

/** dx(rows, H, W, C) = each dy spread evenly over its window's pixels; overwrites dx. */
export function avg_pool_backward(dx: usize, dy: usize, rows: i32, H: i32, W: i32, C: i32, PH: i32, PW: i32,
  SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  memory.fill(dx, 0, <usize>rows * H * W * C << 2);
  let src = dy;
  for (let n = 0; n < rows; n++) {
    const dn = dx + (<usize>n * H * W * C << 2);
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * SH - PT, ky0 = lo(oy, SH, PT), ky1 = min(PH, H - y0);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * SW - PL, kx0 = lo(ox, SW, PL), kx1 = min(PW, W - x0);
        const count = f32x4.splat(<f32>((ky1 - ky0) * (kx1 - kx0)));
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          const g = f32x4.div(v128.load(src + (<usize>c << 2)), count);
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const d = dn + (<usize>(((y0 + ky) * W + x0 + kx) * C + c) << 2);
              v128.store(d, f32x4.add(v128.load(d), g));
            }
          }
        }
        for (; c < C; c++) {
          const g = load<f32>(src + (<usize>c << 2)) / f32x4.extract_lane(count, 0);
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const d = dn + (<usize>(((y0 + ky) * W + x0 + kx) * C + c) << 2);
              store<f32>(d, load<f32>(d) + g);
            }
          }
        }
        src += <usize>C << 2;
      }
    }
  }
}
