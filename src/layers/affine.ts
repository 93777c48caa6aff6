// The affine core Dense and Conv2D share: z = x·W + b on M rows, then the activation, and
// its backward. Conv2D hands it the im2col rows, Dense its input: one GEMM each way.
import type { Activation } from '../activations.js';
import type { Call } from './layer.js';

/** y(M, N) = act(x(M, K)·W + b); z: where the pre-activation is kept (y when nothing needs it). */
export function affineForward(
  c: Call,
  act: Activation,
  x: number,
  z: number,
  y: number,
  M: number,
  K: number,
  N: number,
) {
  const { k } = c;
  const [w, b] = c.params;
  k.gemm_nn(z, x, w, c.work, M, K, N, false);
  if (b !== undefined && act.biasForward) {
    act.biasForward(k, y, z, b, M, N); // one pass over z instead of two
  } else {
    if (b !== undefined) k.bias_forward(z, b, M, N);
    if (z !== y || act.name !== 'linear') act.forward(k, y, z, M, N);
  }
}

/**
 * Turns dy into dz in place (unless the loss already gave dz) and adds dW = xᵀ·dz, db; writes
 * dx(M, K) = dz·Wᵀ unless dx is 0.
 */
export function affineBackward(
  c: Call,
  act: Activation,
  dy: number,
  dx: number,
  x: number,
  z: number,
  y: number,
  M: number,
  K: number,
  N: number,
) {
  const { k } = c;
  const [w] = c.params;
  const [dw, db] = c.grads;
  if (!c.fused) act.backward(k, dy, dy, z, y, M, N);
  k.gemm_tn(dw, x, dy, c.work, K, M, N, true);
  if (db !== undefined) k.bias_backward(db, dy, M, N);
  if (dx) k.gemm_nt(dx, dy, w, c.work, M, N, K, false);
}
