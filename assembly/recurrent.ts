// Recurrent cells, one time step over a block of B rows. The layers keep every sequence
// buffer time-major (step t's B rows contiguous), so the input projection of all steps is
// one GEMM, the recurrent product of a step is one GEMM on contiguous rows, and what is
// left — the gate math — is one SIMD pass here. Gates sit side by side in a row, Keras's
// order: LSTM i, f, c, o; GRU z, r, h. Backward overwrites a step's activated gates with
// the gradient of their pre-activations, so after the loop the same buffer is dZ for the
// weight gradients, formed as single GEMMs over all steps.
// Formulas: Hochreiter & Schmidhuber 1997 with the forget gate (Gers et al. 2000), as
// keras.layers.LSTMCell; GRU (Cho et al. 2014) as keras.layers.GRUCell, h = z·h₋₁ + (1 − z)·h̃.
import { load_part as ld, store_part as st } from "./vec";
import { sigmoid4, tanh4 } from "./vmath";

// dh = dhOut + dhRec at byte offset q, r lanes; a buffer that is 0 is an absent term.
@inline function dh_at(dhOut: usize, dhRec: usize, q: usize, r: i32): v128 {
  const a = dhOut == 0 ? f32x4.splat(0) : ld(dhOut + q, r);
  return dhRec == 0 ? a : f32x4.add(a, ld(dhRec + q, r));
}

// Copies rows between batch-major (B, T, F) and time-major (T, B, F), time reversed if asked.
@inline function move_steps(dst: usize, src: usize, B: i32, T: i32, F: i32, reverse: bool, toTime: bool): void {
  const bytes = <usize>F << 2;
  for (let t = 0; t < T; t++) {
    const s = reverse ? T - 1 - t : t;
    for (let b = 0; b < B; b++) {
      const timeMajor = (<usize>t * B + b) * bytes;
      const batchMajor = (<usize>b * T + s) * bytes;
      if (toTime) memory.copy(dst + timeMajor, src + batchMajor, bytes);
      else memory.copy(dst + batchMajor, src + timeMajor, bytes);
    }
  }
}

/** dst(T, B, F) = src(B, T, F) with time reversed when `reverse`: batch-major rows to time-major. */
export function to_time_major(dst: usize, src: usize, B: i32, T: i32, F: i32, reverse: bool): void {
  move_steps(dst, src, B, T, F, reverse, true);
}

/** dst(B, T, F) = src(T, B, F), the inverse of to_time_major. */
export function to_batch_major(dst: usize, src: usize, B: i32, T: i32, F: i32, reverse: bool): void {
  move_steps(dst, src, B, T, F, reverse, false);
}

/**
 * One LSTM step. g(B, 4U): pre-activations x·W + b + h₋₁·R, replaced by the activated gates
 * i, f, c̃, o; c = f·c₋₁ + i·c̃ and h = o·tanh(c), each (B, U).
 */
export function lstm_step_forward(g: usize, cPrev: usize, c: usize, h: usize, B: i32, U: i32): void {
  const u = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const row = g + <usize>b * 4 * u;
    const o = <usize>b * u;
    for (let j = 0; j < U; j += 4) {
      const r = min(4, U - j);
      const p = row + (<usize>j << 2);
      const q = o + (<usize>j << 2);
      const gi = sigmoid4(ld(p, r));
      const gf = sigmoid4(ld(p + u, r));
      const gc = tanh4(ld(p + 2 * u, r));
      const go = sigmoid4(ld(p + 3 * u, r));
      const cn = f32x4.add(f32x4.mul(gf, ld(cPrev + q, r)), f32x4.mul(gi, gc));
      st(p, gi, r);
      st(p + u, gf, r);
      st(p + 2 * u, gc, r);
      st(p + 3 * u, go, r);
      st(c + q, cn, r);
      st(h + q, f32x4.mul(go, tanh4(cn)), r);
    }
  }
}

/**
 * Backward of one LSTM step. dh = dhOut + dhRec (either may be 0: absent); dc(B, U) holds
 * ∂/∂c from the step after and leaves with ∂/∂c₋₁. g: the activated gates, replaced by the
 * gradient of their pre-activations.
 */
export function lstm_step_backward(
  g: usize, cPrev: usize, c: usize, dhOut: usize, dhRec: usize, dc: usize, B: i32, U: i32,
): void {
  const u = <usize>U << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = g + <usize>b * 4 * u;
    const o = <usize>b * u;
    for (let j = 0; j < U; j += 4) {
      const r = min(4, U - j);
      const p = row + (<usize>j << 2);
      const q = o + (<usize>j << 2);
      const gi = ld(p, r), gf = ld(p + u, r), gc = ld(p + 2 * u, r), go = ld(p + 3 * u, r);
      const tc = tanh4(ld(c + q, r));
      const dh = dh_at(dhOut, dhRec, q, r);
      const dcn = f32x4.add(ld(dc + q, r), f32x4.mul(f32x4.mul(dh, go), f32x4.sub(one, f32x4.mul(tc, tc))));
      const di = f32x4.mul(f32x4.mul(dcn, gc), f32x4.mul(gi, f32x4.sub(one, gi)));
      const df = f32x4.mul(f32x4.mul(dcn, ld(cPrev + q, r)), f32x4.mul(gf, f32x4.sub(one, gf)));
      const dg = f32x4.mul(f32x4.mul(dcn, gi), f32x4.sub(one, f32x4.mul(gc, gc)));
      const dout = f32x4.mul(f32x4.mul(dh, tc), f32x4.mul(go, f32x4.sub(one, go)));
      st(p, di, r);
      st(p + u, df, r);
      st(p + 2 * u, dg, r);
      st(p + 3 * u, dout, r);
      st(dc + q, f32x4.mul(dcn, gf), r);
    }
  }
}

/**
 * One GRU step, reset gate after the recurrent product (Keras reset_after=True). g(B, 3U):
 * x·W + b_in, replaced by z, r, h̃; s(B, 3U): h₋₁·R + b_rec, kept (its h part is needed
 * backward); h = z·h₋₁ + (1 − z)·h̃ with h̃ = tanh(x_h + r·s_h).
 */
export function gru_step_forward(g: usize, s: usize, hPrev: usize, h: usize, B: i32, U: i32): void {
  const u = <usize>U << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = g + <usize>b * 3 * u;
    const srow = s + <usize>b * 3 * u;
    const o = <usize>b * u;
    for (let j = 0; j < U; j += 4) {
      const r = min(4, U - j);
      const jj = <usize>j << 2;
      const p = row + jj, ps = srow + jj, q = o + jj;
      const z = sigmoid4(f32x4.add(ld(p, r), ld(ps, r)));
      const rg = sigmoid4(f32x4.add(ld(p + u, r), ld(ps + u, r)));
      const hh = tanh4(f32x4.add(ld(p + 2 * u, r), f32x4.mul(rg, ld(ps + 2 * u, r))));
      const hp = ld(hPrev + q, r);
      st(p, z, r);
      st(p + u, rg, r);
      st(p + 2 * u, hh, r);
      st(h + q, f32x4.add(f32x4.mul(z, hp), f32x4.mul(f32x4.sub(one, z), hh)), r);
    }
  }
}

/**
 * Backward of one GRU step. dh = dhOut + dhRec (either may be 0); g: z, r, h̃ → the gradient
 * of x·W + b_in; s: the recurrent pre-activation → the gradient of h₋₁·R + b_rec; dhRec (if
 * not 0) leaves holding dh·z, the direct part of ∂/∂h₋₁ (the caller adds s·Rᵀ).
 */
export function gru_step_backward(
  g: usize, s: usize, hPrev: usize, dhOut: usize, dhRec: usize, dhNext: usize, B: i32, U: i32,
): void {
  const u = <usize>U << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = g + <usize>b * 3 * u;
    const srow = s + <usize>b * 3 * u;
    const o = <usize>b * u;
    for (let j = 0; j < U; j += 4) {
      const r = min(4, U - j);
      const jj = <usize>j << 2;
      const p = row + jj, ps = srow + jj, q = o + jj;
      const z = ld(p, r), rg = ld(p + u, r), hh = ld(p + 2 * u, r);
      const sh = ld(ps + 2 * u, r);
      const hp = ld(hPrev + q, r);
      const dh = dh_at(dhOut, dhRec, q, r);
      const dz = f32x4.mul(f32x4.mul(dh, f32x4.sub(hp, hh)), f32x4.mul(z, f32x4.sub(one, z)));
      const dph = f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(hh, hh)));
      const dr = f32x4.mul(f32x4.mul(dph, sh), f32x4.mul(rg, f32x4.sub(one, rg)));
      st(p, dz, r);
      st(p + u, dr, r);
      st(p + 2 * u, dph, r);
      st(ps, dz, r);
      st(ps + u, dr, r);
      st(ps + 2 * u, f32x4.mul(dph, rg), r);
      st(dhNext + q, f32x4.mul(dh, z), r);
    }
  }
}

/** One SimpleRNN step: z(B, U) = x·W + b + h₋₁·R becomes h = tanh(z), copied to h. */
export function rnn_step_forward(z: usize, h: usize, B: i32, U: i32): void {
  const n = B * U;
  for (let i = 0; i < n; i += 4) {
    const r = min(4, n - i);
    const o = <usize>i << 2;
    const y = tanh4(ld(z + o, r));
    st(z + o, y, r);
    st(h + o, y, r);
  }
}

/** Backward of one SimpleRNN step: z holds h = tanh(·) and becomes (dhOut + dhRec)·(1 − h²). */
export function rnn_step_backward(z: usize, dhOut: usize, dhRec: usize, B: i32, U: i32): void {
  const n = B * U;
  const one = f32x4.splat(1);
  for (let i = 0; i < n; i += 4) {
    const r = min(4, n - i);
    const o = <usize>i << 2;
    const y = ld(z + o, r);
    const dh = dh_at(dhOut, dhRec, o, r);
    st(z + o, f32x4.mul(dh, f32x4.sub(one, f32x4.mul(y, y))), r);
  }
}

// GRU with the reset gate before the recurrent product (Keras reset_after=False, tfjs-layers'
// only GRU): h̃ = tanh(x_h + (r ⊙ h₋₁)·R_h). A step is two passes around a second GEMM.

/** First pass: g's z, r parts (x·W + b) plus s's (h₋₁·R) → z, r; rh(B, U) = r ⊙ h₋₁. */
export function gru_reset_forward(g: usize, s: usize, hPrev: usize, rh: usize, B: i32, U: i32): void {
  const u = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const row = g + <usize>b * 3 * u;
    const srow = s + <usize>b * 3 * u;
    const o = <usize>b * u;
    for (let j = 0; j < U; j += 4) {
      const r = min(4, U - j);
      const jj = <usize>j << 2;
      const z = sigmoid4(f32x4.add(ld(row + jj, r), ld(srow + jj, r)));
      const rg = sigmoid4(f32x4.add(ld(row + u + jj, r), ld(srow + u + jj, r)));
      st(row + jj, z, r);
      st(row + u + jj, rg, r);
      st(rh + o + jj, f32x4.mul(rg, ld(hPrev + o + jj, r)), r);
    }
  }
}

/** Second pass: h̃ = tanh(x_h + q), q(B, U) = rh·R_h; g's h part becomes h̃; h = z·h₋₁ + (1 − z)·h̃. */
export function gru_candidate_forward(g: usize, q: usize, hPrev: usize, h: usize, B: i32, U: i32): void {
  const u = <usize>U << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = g + <usize>b * 3 * u;
    const o = <usize>b * u;
    for (let j = 0; j < U; j += 4) {
      const r = min(4, U - j);
      const jj = <usize>j << 2;
      const z = ld(row + jj, r);
      const hh = tanh4(f32x4.add(ld(row + 2 * u + jj, r), ld(q + o + jj, r)));
      st(row + 2 * u + jj, hh, r);
      st(h + o + jj, f32x4.add(f32x4.mul(z, ld(hPrev + o + jj, r)), f32x4.mul(f32x4.sub(one, z), hh)), r);
    }
  }
}

/**
 * Backward of the second pass. dh = dhOut + dhRec (either may be 0); g's z and h parts become
 * dz and dp = ∂/∂(x_h + q), dp is also written to dp(B, U); dhNext = dh·z.
 */
export function gru_candidate_backward(
  g: usize, hPrev: usize, dhOut: usize, dhRec: usize, dp: usize, dhNext: usize, B: i32, U: i32,
): void {
  const u = <usize>U << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = g + <usize>b * 3 * u;
    const o = <usize>b * u;
    for (let j = 0; j < U; j += 4) {
      const r = min(4, U - j);
      const jj = <usize>j << 2;
      const q = o + jj;
      const z = ld(row + jj, r), hh = ld(row + 2 * u + jj, r);
      const dh = dh_at(dhOut, dhRec, q, r);
      const dz = f32x4.mul(f32x4.mul(dh, f32x4.sub(ld(hPrev + q, r), hh)), f32x4.mul(z, f32x4.sub(one, z)));
      const dph = f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(hh, hh)));
      st(row + jj, dz, r);
      st(row + 2 * u + jj, dph, r);
      st(dp + q, dph, r);
      st(dhNext + q, f32x4.mul(dh, z), r);
    }
  }
}

/**
 * Backward of the first pass, given drh(B, U) = dp·R_hᵀ: g's r part becomes dr; s(B, 3U)
 * becomes [dz, dr, 0], the gradient of h₋₁·R; dhNext += drh ⊙ r.
 */
export function gru_reset_backward(g: usize, s: usize, hPrev: usize, drh: usize, dhNext: usize, B: i32, U: i32): void {
  const u = <usize>U << 2;
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let b = 0; b < B; b++) {
    const row = g + <usize>b * 3 * u;
    const srow = s + <usize>b * 3 * u;
    const o = <usize>b * u;
    for (let j = 0; j < U; j += 4) {
      const r = min(4, U - j);
      const jj = <usize>j << 2;
      const rg = ld(row + u + jj, r);
      const d = ld(drh + o + jj, r);
      const dr = f32x4.mul(f32x4.mul(d, ld(hPrev + o + jj, r)), f32x4.mul(rg, f32x4.sub(one, rg)));
      st(row + u + jj, dr, r);
      st(srow + jj, ld(row + jj, r), r);
      st(srow + u + jj, dr, r);
      st(srow + 2 * u + jj, zero, r);
      st(dhNext + o + jj, f32x4.add(ld(dhNext + o + jj, r), f32x4.mul(d, rg)), r);
    }
  }
}
