// What Conv1D and Conv2D share: y = activation(conv(x, W) + b) computed as the affine core
// over im2col rows (assembly/conv.ts), a block of samples at a time: their rows (OH·OW ×
// kh·kw·in each) go into one scratch buffer of up to 256 KiB that stays in L2, a GEMM forms
// their outputs, and backward builds them again for dW = rowsᵀ·dz, then reuses the buffer for
// dz·Wᵀ before col2im adds it into dx. Against rows for the whole chunk kept from forward
// (8.9 MB for the CNN's second layer) this trains the CNN 6 % faster (bench/RESULTS.md) and
// keeps no rows per sample.
// A subclass says how its input maps onto the 2-D window geometry (Conv1D: an image one row
// high) and what its kernel's shape is.
import { Layer, checkPositiveInt, type LayerArgs, type Call, type Saved } from './layer.js';
import { activatedWidth, type Activation } from '../activations.js';
import { getInitializer } from '../initializers.js';
import type { L1L2 } from '../regularizers.js';
import {
  affineForward,
  affineBackward,
  activationBackward,
  biasActivation,
  affineOf,
  affineConfig,
  type Affine,
  type AffineArgs,
} from './affine.js';
import type { Geometry } from './geometry.js';

/**
 * Whether forward keeps a sample's `floats` of im2col rows for dW: when they are few (up to
 * 32 KiB: a one-channel first layer, where building them again would cost as much as the GEMM).
 */
export function keepsRows(floats: number): boolean {
  return floats <= 8192;
}

/** Samples a block of im2col rows holds in a pass of `rows`: all of them when kept, else up to 256 KiB (≥ 1). */
export function samplesPerBlock(floats: number, rows: number): number {
  return keepsRows(floats) ? rows : Math.max(1, Math.floor(65536 / floats));
}

/** The shared base of Conv1D and Conv2D. */
export abstract class Conv extends Layer {
  readonly filters: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelRegularizer?: L1L2;
  readonly biasRegularizer?: L1L2;
  private readonly affine: Affine;
  private g!: Geometry;

  constructor(args: LayerArgs & AffineArgs & { filters: number }) {
    super(args);
    const what = `${this.className}(${this.name})`;
    checkPositiveInt(args?.filters, `${what}: filters`);
    this.filters = args.filters;
    this.affine = affineOf(args, what);
    activatedWidth(this.affine.activation, this.filters, `${what}: filters ${this.filters} with activation`);
    ({ activation: this.activation, useBias: this.useBias } = this.affine);
    ({ kernelRegularizer: this.kernelRegularizer, biasRegularizer: this.biasRegularizer } = this.affine);
  }

  /** The window geometry for samples of `inputShape` (errors name the layer). */
  protected abstract geometryOf(inputShape: number[]): Geometry;
  /** The kernel's shape for `C` input channels (Keras: [kw, in, filters] or [kh, kw, in, filters]). */
  protected abstract kernelShape(C: number): number[];

  computeOutputShape(inputShape: number[]): number[] {
    const g = this.geometryOf(inputShape);
    const out = activatedWidth(this.affine.activation, this.filters, this.name);
    return inputShape.length === 2 ? [g.OW, out] : [g.OH, g.OW, out];
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.g = this.geometryOf(inputShape);
    const kernel = this.kernelShape(this.g.C);
    this.addParam('kernel', kernel, getInitializer(this.affine.kernelInit, this.name), this.kernelRegularizer);
    if (this.useBias)
      this.addParam('bias', [this.filters], getInitializer(this.affine.biasInit, this.name), this.biasRegularizer);
  }

  /** A 1×1 window at stride 1 without padding: each pixel is its own im2col row. */
  private get pointwise(): boolean {
    const { KH, KW, SH, SW } = this.g;
    return KH === 1 && KW === 1 && SH === 1 && SW === 1;
  }

  private get fieldSize(): number {
    return this.g.KH * this.g.KW * this.g.C;
  }

  /** Whether forward keeps the im2col rows for dW (keepsRows). */
  private get kept(): boolean {
    return !this.pointwise && keepsRows(this.pixels * this.fieldSize);
  }

  private get pixels(): number {
    return this.g.OH * this.g.OW;
  }

  override saved(fused: boolean): Saved[] {
    const s: Saved[] = [];
    const floats = this.pixels * this.fieldSize; // a sample's im2col rows
    if (this.kept) s.push({ name: 'im2col rows', perRow: floats });
    else if (!this.pointwise)
      s.push({ name: 'im2col rows of a block', perRow: samplesPerBlock(floats, 1) * floats, fixed: true });
    if (fused || this.activation.needsInput) s.push({ name: 'pre-activation', perRow: this.pixels * this.filters });
    return s;
  }

  override outputActivation(): string {
    return this.activation.name;
  }

  override logits(c: Call): number {
    return c.saved[this.pointwise ? 0 : 1];
  }

  /** The im2col rows and pre-activation buffers of this call (0 where none is kept). */
  private buffers(c: Call): [number, number] {
    return this.pointwise ? [0, c.saved[0] ?? 0] : [c.saved[0], c.saved[1] ?? 0];
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    const [cols, z] = this.buffers(c);
    const { pixels: P, fieldSize: K, filters: F, g } = this;
    if (!cols) {
      affineForward(c, this.activation, x, z || y, y, rows * P, K, F);
      return;
    }
    const zz = z || y;
    const block = samplesPerBlock(P * K, rows);
    for (let n = 0; n < rows; n += block) {
      const m = Math.min(block, rows - n);
      im2col(c, cols, x + 4 * n * g.H * g.W * g.C, m, g);
      c.k.gemm_nn(zz + 4 * n * P * F, cols, c.params[0], c.work, m * P, K, F, false);
    }
    biasActivation(c, this.activation, zz, y, rows * P, F);
  }

  override get overwritesGradients(): boolean {
    return true; // the first block writes dW, activationBackward db
  }

  backward(c: Call, dy: number, dx: number, x: number, y: number, rows: number): void {
    const [cols, z] = this.buffers(c);
    const { pixels: P, fieldSize: K, filters: F, g } = this;
    if (!cols) {
      affineBackward(c, this.activation, dy, dx, x, z, y, rows * P, K, F);
      return;
    }
    const { k } = c;
    const { H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW } = g;
    const dzs = activationBackward(c, this.activation, dy, z, y, rows * P, F, false);
    const block = samplesPerBlock(P * K, rows);
    for (let n = 0; n < rows; n += block) {
      const m = Math.min(block, rows - n);
      const dz = dzs + 4 * n * P * F;
      if (!this.kept) im2col(c, cols, x + 4 * n * H * W * C, m, g); // again: cheaper than keeping them
      k.gemm_tn(c.grads[0], cols, dz, c.work, K, m * P, F, n > 0); // the first block writes dW
      if (!dx) continue;
      k.gemm_nt(cols, dz, c.params[0], c.work, m * P, F, K, false);
      k.col2im(dx + 4 * n * H * W * C, cols, m, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
    }
  }

  protected baseConfig(): Record<string, unknown> {
    return { ...super.getConfig(), filters: this.filters };
  }

  protected affineConfig(): Record<string, unknown> {
    return affineConfig(this.affine);
  }
}

function im2col(c: Call, cols: number, x: number, rows: number, g: Geometry): void {
  const { H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW } = g;
  c.k.im2col(cols, x, rows, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
}
