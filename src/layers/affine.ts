// The affine core Dense and Conv2D share: z = x·W + b on M rows, then the activation, and
// its backward. Conv2D hands it the im2col rows, Dense its input: one GEMM each way.
import { getActivation, type Activation } from '../activations.js';
import { getInitializer, initializerConfig, type InitializerLike } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import type { Call } from './layer.js';

/** The arguments of a layer computing activation(x·W + b) (Dense, Conv2D). */
export interface AffineArgs {
  /** Activation name or object; default 'linear'. */
  activation?: string | Activation;
  /** Whether to add a bias vector; default true. */
  useBias?: boolean;
  /** Initializer of the kernel; default 'glorotUniform' (Keras; a conv kernel's fans: receptive field × channels). */
  kernelInitializer?: InitializerLike;
  /** Initializer of the bias; default 'zeros'. */
  biasInitializer?: InitializerLike;
  /** Penalty on the kernel, e.g. l2({l2: 1e-4}) or 'l1'. */
  kernelRegularizer?: RegularizerLike;
  /** Penalty on the bias. */
  biasRegularizer?: RegularizerLike;
}

/** AffineArgs checked, defaults filled in. */
export interface Affine {
  activation: Activation;
  useBias: boolean;
  kernelInit: InitializerLike;
  biasInit: InitializerLike;
  kernelRegularizer?: L1L2;
  biasRegularizer?: L1L2;
}

/** Checks AffineArgs; `what` names the layer in errors. */
export function affineOf(args: AffineArgs, what: string): Affine {
  const kernelInit = args.kernelInitializer ?? 'glorotUniform';
  const biasInit = args.biasInitializer ?? 'zeros';
  getInitializer(kernelInit, `${what}: kernelInitializer`);
  getInitializer(biasInit, `${what}: biasInitializer`);
  return {
    activation: getActivation(args.activation, `${what}: activation`),
    useBias: args.useBias ?? true,
    kernelInit,
    biasInit,
    kernelRegularizer: getRegularizer(args.kernelRegularizer, `${what}: kernelRegularizer`),
    biasRegularizer: getRegularizer(args.biasRegularizer, `${what}: biasRegularizer`),
  };
}

/** The AffineArgs part of a layer's config. */
export function affineConfig(a: Affine): Record<string, unknown> {
  return {
    activation: a.activation.name,
    useBias: a.useBias,
    kernelInitializer: initializerConfig(a.kernelInit),
    biasInitializer: initializerConfig(a.biasInit),
    kernelRegularizer: regularizerConfig(a.kernelRegularizer),
    biasRegularizer: regularizerConfig(a.biasRegularizer),
  };
}

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
  c.k.gemm_nn(z, x, c.params[0], c.work, M, K, N, false);
  biasActivation(c, act, z, y, M, N);
}

/**
 * y(M, N) = act(z + b), z the product x·W already formed (and kept at z where needed); y is
 * (M, N/2) for an activation that halves its input (glu), z then a buffer of its own.
 */
export function biasActivation(c: Call, act: Activation, z: number, y: number, M: number, N: number) {
  const { k } = c;
  const b = c.params[1];
  if (act.halves) {
    if (b !== undefined) k.bias_forward(z, b, M, N);
    act.forward(k, y, z, M, N);
  } else if (b !== undefined && act.biasForward) {
    act.biasForward(k, y, z, b, M, N); // one pass over z instead of two
  } else {
    if (b !== undefined) k.bias_forward(z, b, M, N);
    if (z !== y || act.name !== 'linear') act.forward(k, y, z, M, N);
  }
}

/**
 * Turns dy into dz (unless the loss already gave dz) and writes db (adds it if `add`); returns
 * where dz is, what dW and dx are formed from: dy itself, or z for an activation that halves
 * its input (glu).
 */
export function activationBackward(
  c: Call,
  act: Activation,
  dy: number,
  z: number,
  y: number,
  M: number,
  N: number,
  add: boolean,
): number {
  const { k } = c;
  const dz = act.halves && !c.fused ? z : dy;
  if (!c.fused) act.backward(k, dz, dy, z, y, M, N);
  const db = c.grads[1];
  if (db !== undefined) k.bias_backward(db, dz, M, N, add);
  return dz;
}

/**
 * Turns dy into dz in place (unless the loss already gave dz) and writes dW = xᵀ·dz and db
 * (the layer overwrites its gradients: Layer.overwritesGradients); writes dx(M, K) = dz·Wᵀ
 * unless dx is 0.
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
  const dz = activationBackward(c, act, dy, z, y, M, N, false);
  k.gemm_tn(c.grads[0], x, dz, c.work, K, M, N, false);
  if (dx) k.gemm_nt(dx, dz, c.params[0], c.work, M, N, K, false);
}
