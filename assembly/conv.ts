// Conv2D on the GEMM tile, by im2col (NHWC data, HWIO kernel [kh, kw, in, filters]: Keras).
// im2col lays each output pixel's receptive field out as one row of `cols`
// (rows·OH·OW, KH·KW·C), in the kernel's own (ky, kx, c) order, so
//   forward  y(rows·OH·OW, F) = cols · W            gemm_nn
//   dW       dW(KH·KW·C, F)  = colsᵀ · dy           gemm_tn
//   dX       dcols = dy · Wᵀ, then col2im adds each row back onto its pixels   gemm_nt
// all three on the same 4×8 tile as Dense. Why im2col rather than an implicit GEMM: the
// forward's cols are what dW needs, so they are built once per step and kept; a channel run
// (C floats) is contiguous in NHWC, so building them is a copy of runs, and the copy costs a
// few percent of the product at the shapes of a CNN (bench/RESULTS.md, "Conv2D").
// Geometry: stride (SH, SW), dilation (DH, DW), padding before (PT, PL) in pixels; taps that
// fall in the padding read 0 and receive no gradient.

/** cols(rows·OH·OW, KH·KW·C) = the receptive field of every output pixel of x(rows, H, W, C). */
export function im2col(cols: usize, x: usize, rows: i32, H: i32, W: i32, C: i32, KH: i32, KW: i32,
  SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  const run = <usize>C << 2;
  let dst = cols;
  for (let n = 0; n < rows; n++) {
    const xn = x + <usize>n * H * W * run;
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * SW - PL;
        const whole = DW == 1 && ix0 >= 0 && ix0 + KW <= W; // the row's taps are one run of KW·C floats
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * SH + ky * DH - PT;
          if (whole && iy >= 0 && iy < H) {
            copy_run(dst, xn + <usize>(iy * W + ix0) * run, KW * C);
            dst += <usize>KW * run;
            continue;
          }
          for (let kx = 0; kx < KW; kx++) {
            const ix = ix0 + kx * DW;
            if (iy >= 0 && iy < H && ix >= 0 && ix < W) copy_run(dst, xn + <usize>(iy * W + ix) * run, C);
            else memory.fill(dst, 0, run);
            dst += run;
          }
        }
      }
    }
  }
}

/** dx(rows, H, W, C) = the sum of every cols row's taps at the pixels they were read from; overwrites dx. */
export function col2im(dx: usize, cols: usize, rows: i32, H: i32, W: i32, C: i32, KH: i32, KW: i32,
  SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  const run = <usize>C << 2;
  memory.fill(dx, 0, <usize>rows * H * W * run);
  let src = cols;
  for (let n = 0; n < rows; n++) {
    const dn = dx + <usize>n * H * W * run;
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * SW - PL;
        const whole = DW == 1 && ix0 >= 0 && ix0 + KW <= W;
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * SH + ky * DH - PT;
          if (whole && iy >= 0 && iy < H) { // distinct pixels: the same sums as tap by tap
            add_run(dn + <usize>(iy * W + ix0) * run, src, KW * C);
            src += <usize>KW * run;
            continue;
          }
          for (let kx = 0; kx < KW; kx++) {
            const ix = ix0 + kx * DW;
            if (iy >= 0 && iy < H && ix >= 0 && ix < W) add_run(dn + <usize>(iy * W + ix) * run, src, C);
            src += run;
          }
        }
      }
    }
  }
}

@inline function copy_run(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

@inline function add_run(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d = dst + (<usize>i << 2);
    v128.store(d, f32x4.add(v128.load(d), v128.load(src + (<usize>i << 2))));
  }
  for (; i < n; i++) {
    const d = dst + (<usize>i << 2);
    store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>i << 2)));
  }
}
