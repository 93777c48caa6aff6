// The gated linear unit (Dauphin et al. 2017; keras.activations.glu): a row of N = 2H values
// splits into halves a, b and gives a·σ(b), H values. Dense and Conv1D end in it when their
// activation is 'glu', which makes Conv1D a gated convolution.
import { load_part, store_part } from "./vec";
import { sigmoid4 } from "./vmath";

/** y(M, N/2) = a·σ(b), a and b the halves of each row of z(M, N). */
export function glu_forward(y: usize, z: usize, M: i32, N: i32): void {
  const H = N >> 1;
  const hb = <usize>H << 2;
  for (let m = 0; m < M; m++) {
    const zr = z + <usize>m * 2 * hb;
    const yr = y + <usize>m * hb;
    for (let j = 0; j < H; j += 4) {
      const r = min(4, H - j);
      const o = <usize>j << 2;
      store_part(yr + o, f32x4.mul(load_part(zr + o, r), sigmoid4(load_part(zr + hb + o, r))), r);
    }
  }
}

/** dz(M, N) = ∂/∂z given dy(M, N/2); dz may alias z: da = dy·σ(b), db = dy·a·σ(b)(1 − σ(b)). */
export function glu_backward(dz: usize, dy: usize, z: usize, M: i32, N: i32): void {
  const H = N >> 1;
  const hb = <usize>H << 2;
  const one = f32x4.splat(1);
  for (let m = 0; m < M; m++) {
    const zr = z + <usize>m * 2 * hb;
    const dr = dz + <usize>m * 2 * hb;
    const yr = dy + <usize>m * hb;
    for (let j = 0; j < H; j += 4) {
      const r = min(4, H - j);
      const o = <usize>j << 2;
      const a = load_part(zr + o, r);
      const s = sigmoid4(load_part(zr + hb + o, r));
      const g = load_part(yr + o, r);
      store_part(dr + o, f32x4.mul(g, s), r);
      store_part(dr + hb + o, f32x4.mul(f32x4.mul(g, a), f32x4.mul(s, f32x4.sub(one, s))), r);
    }
  }
}
