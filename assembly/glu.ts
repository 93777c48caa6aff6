// The gated linear unit (Dauphin et al. 2017; keras.activations.glu): a row of N = 2H values
// splits into halves a, b and gives a·σ(b), H values. Dense and Conv1D end in it when their
// activation is 'glu', which makes Conv1D a gated convolution.
import { load_tail, store_tail } from "./vec";
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
      const a = r == 4 ? v128.load(zr + o) : load_tail(zr + o, r);
      const b = r == 4 ? v128.load(zr + hb + o) : load_tail(zr + hb + o, r);
      const v = f32x4.mul(a, sigmoid4(b));
      if (r == 4) v128.store(yr + o, v);
      else store_tail(yr + o, v, r);
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
      const a = r == 4 ? v128.load(zr + o) : load_tail(zr + o, r);
      const s = sigmoid4(r == 4 ? v128.load(zr + hb + o) : load_tail(zr + hb + o, r));
      const g = r == 4 ? v128.load(yr + o) : load_tail(yr + o, r);
      const da = f32x4.mul(g, s);
      const db = f32x4.mul(f32x4.mul(g, a), f32x4.mul(s, f32x4.sub(one, s)));
      if (r == 4) {
        v128.store(dr + o, da);
        v128.store(dr + hb + o, db);
      } else {
        store_tail(dr + o, da, r);
        store_tail(dr + hb + o, db, r);
      }
    }
  }
}
