// Float64 twins of 2-D convolution and pooling, written as the textbook sums over output
// pixels and taps (no im2col), NHWC data and HWIO kernel [KH, KW, C, F]. `g` is the
// layer geometry (src/layers/geometry.ts): taps outside the image read 0.
import type { Geometry } from '../../src/layers/geometry.js';

type Arr = ArrayLike<number>;

/** Calls f(outIndex, inIndex, tapIndex) for every tap inside the image: indices into y/dy (no F), x, W (no F). */
function taps(g: Geometry, rows: number, f: (o: number, i: number, t: number) => void): void {
  const { H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW } = g;
  for (let n = 0; n < rows; n++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let ky = 0; ky < KH; ky++)
          for (let kx = 0; kx < KW; kx++) {
            const iy = oy * SH + ky * DH - PT;
            const ix = ox * SW + kx * DW - PL;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            for (let c = 0; c < C; c++)
              f((n * OH + oy) * OW + ox, ((n * H + iy) * W + ix) * C + c, (ky * KW + kx) * C + c);
          }
}

/** y(rows, OH, OW, F) = conv(x, w) + b. */
export function conv2d_forward(x: Arr, w: Arr, b: Arr | undefined, g: Geometry, rows: number, F: number): Float64Array {
  const y = new Float64Array(rows * g.OH * g.OW * F);
  if (b) for (let o = 0; o < y.length; o++) y[o] = b[o % F];
  taps(g, rows, (o, i, t) => {
    for (let f = 0; f < F; f++) y[o * F + f] += x[i] * w[t * F + f];
  });
  return y;
}

/** dW(KH, KW, C, F) = Σ over pixels and rows of x-tap · dy. */
export function conv2d_backward_filter(x: Arr, dy: Arr, g: Geometry, rows: number, F: number): Float64Array {
  const dw = new Float64Array(g.KH * g.KW * g.C * F);
  taps(g, rows, (o, i, t) => {
    for (let f = 0; f < F; f++) dw[t * F + f] += x[i] * dy[o * F + f];
  });
  return dw;
}

/** dx(rows, H, W, C) = Σ over the outputs each pixel feeds of dy · w. */
export function conv2d_backward_input(dy: Arr, w: Arr, g: Geometry, rows: number, F: number): Float64Array {
  const dx = new Float64Array(rows * g.H * g.W * g.C);
  taps(g, rows, (o, i, t) => {
    for (let f = 0; f < F; f++) dx[i] += dy[o * F + f] * w[t * F + f];
  });
  return dx;
}

/** The same walk over windows, without dilation; pooling taps are per channel. */
function windows(g: Geometry, rows: number, f: (o: number, taps: number[]) => void): void {
  const { H, W, C, KH, KW, SH, SW, PT, PL, OH, OW } = g;
  for (let n = 0; n < rows; n++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let c = 0; c < C; c++) {
          const inside: number[] = [];
          for (let ky = 0; ky < KH; ky++)
            for (let kx = 0; kx < KW; kx++) {
              const iy = oy * SH + ky - PT;
              const ix = ox * SW + kx - PL;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) inside.push(((n * H + iy) * W + ix) * C + c);
            }
          f(((n * OH + oy) * OW + ox) * C + c, inside);
        }
}

/** y = max over each window's pixels; idx = the first (row-major) pixel holding it, as an offset in its sample. */
export function max_pool_forward(x: Arr, g: Geometry, rows: number): { y: Float64Array; idx: Int32Array } {
  const size = rows * g.OH * g.OW * g.C;
  const y = new Float64Array(size);
  const idx = new Int32Array(size);
  const per = g.H * g.W * g.C;
  windows(g, rows, (o, inside) => {
    let best = inside[0];
    for (const i of inside) if (x[i] > x[best]) best = i;
    y[o] = x[best];
    idx[o] = best % per;
  });
  return { y, idx };
}

export function max_pool_backward(dy: Arr, x: Arr, g: Geometry, rows: number): Float64Array {
  const dx = new Float64Array(rows * g.H * g.W * g.C);
  windows(g, rows, (o, inside) => {
    let best = inside[0];
    for (const i of inside) if (x[i] > x[best]) best = i;
    dx[best] += dy[o];
  });
  return dx;
}

export function avg_pool_forward(x: Arr, g: Geometry, rows: number): Float64Array {
  const y = new Float64Array(rows * g.OH * g.OW * g.C);
  windows(g, rows, (o, inside) => {
    y[o] = inside.reduce((a, i) => a + x[i], 0) / inside.length;
  });
  return y;
}

export function avg_pool_backward(dy: Arr, g: Geometry, rows: number): Float64Array {
  const dx = new Float64Array(rows * g.H * g.W * g.C);
  windows(g, rows, (o, inside) => {
    for (const i of inside) dx[i] += dy[o] / inside.length;
  });
  return dx;
}
