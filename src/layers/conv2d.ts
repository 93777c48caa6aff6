// Conv2D (Keras): y = activation(conv(x, W) + b) on NHWC images, kernel [kh, kw, in, filters].
// Forward lays the receptive fields out as im2col rows (assembly/conv.ts) and runs the
// affine core on them: one GEMM per pass. The rows are kept for dW; backward then reuses
// their buffer for dcols = dz·Wᵀ before col2im adds them back into dx.
import { Layer, checkPositiveInt, type LayerArgs, type Call, type Saved } from './layer.js';
import type { Activation } from '../activations.js';
import { getInitializer } from '../initializers.js';
import type { L1L2 } from '../regularizers.js';
import { ValueError } from '../errors.js';
import { affineForward, affineBackward, affineOf, affineConfig, type Affine, type AffineArgs } from './affine.js';
import { channelsLast, geometry, padding, pair, type Geometry, type Padding, type Pair } from './geometry.js';
import { layers } from './registry.js';

export interface Conv2DArgs extends LayerArgs, AffineArgs {
  /** Number of output channels. */
  filters: number;
  /** Window height and width, or one number for both. */
  kernelSize: number | Pair;
  /** Default 1. */
  strides?: number | Pair;
  /** 'valid' (default) or 'same' (TensorFlow's: the odd pixel of padding goes after). */
  padding?: Padding;
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: string;
  /** Default 1; above 1 only with strides 1 (Keras). */
  dilationRate?: number | Pair;
}

export class Conv2D extends Layer {
  static className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: Pair;
  readonly strides: Pair;
  readonly padding: Padding;
  readonly dilationRate: Pair;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelRegularizer?: L1L2;
  readonly biasRegularizer?: L1L2;
  private readonly affine: Affine;
  private g!: Geometry;

  constructor(args: Conv2DArgs) {
    super(args);
    const what = `Conv2D(${this.name})`;
    checkPositiveInt(args?.filters, `${what}: filters`);
    this.filters = args.filters;
    this.kernelSize = pair(args.kernelSize, `${what}: kernelSize`);
    this.strides = pair(args.strides ?? 1, `${what}: strides`);
    this.dilationRate = pair(args.dilationRate ?? 1, `${what}: dilationRate`);
    if (this.dilationRate.some((d) => d > 1) && this.strides.some((s) => s > 1))
      throw new ValueError(`${what}: dilationRate > 1 needs strides 1 (Keras), received strides ${this.strides}`);
    this.padding = padding(args.padding, `${what}: padding`);
    channelsLast(args.dataFormat, `${what}: dataFormat`);
    this.affine = affineOf(args, what);
    ({ activation: this.activation, useBias: this.useBias } = this.affine);
    ({ kernelRegularizer: this.kernelRegularizer, biasRegularizer: this.biasRegularizer } = this.affine);
  }

  computeOutputShape(inputShape: number[]): number[] {
    const g = geometry(
      inputShape,
      this.kernelSize,
      this.strides,
      this.dilationRate,
      this.padding,
      `Conv2D(${this.name})`,
    );
    return [g.OH, g.OW, this.filters];
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.g = geometry(inputShape, this.kernelSize, this.strides, this.dilationRate, this.padding, this.name);
    const [KH, KW] = this.kernelSize;
    const kernel = [KH, KW, this.g.C, this.filters];
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

  private get pixels(): number {
    return this.g.OH * this.g.OW;
  }

  override saved(fused: boolean): Saved[] {
    const s: Saved[] = [];
    if (!this.pointwise) s.push({ name: 'im2col rows', perRow: this.pixels * this.fieldSize });
    if (fused || this.activation.needsInput) s.push({ name: 'pre-activation', perRow: this.outputSize });
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
    const { g } = this;
    const [cols, z] = this.buffers(c);
    if (cols) im2col(c, cols, x, rows, g);
    affineForward(c, this.activation, cols || x, z || y, y, rows * this.pixels, this.fieldSize, this.filters);
  }

  backward(c: Call, dy: number, dx: number, x: number, y: number, rows: number): void {
    const { g } = this;
    const [cols, z] = this.buffers(c);
    const M = rows * this.pixels;
    // dW needs the rows before dcols overwrites them: affineBackward forms dW first.
    affineBackward(c, this.activation, dy, dx && (cols || dx), cols || x, z, y, M, this.fieldSize, this.filters);
    if (dx && cols) {
      const { H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW } = g;
      c.k.col2im(dx, cols, rows, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
    }
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      ...affineConfig(this.affine),
    };
  }
}

function im2col(c: Call, cols: number, x: number, rows: number, g: Geometry): void {
  const { H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW } = g;
  c.k.im2col(cols, x, rows, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
}

layers.register('Conv2D', (c) => new Conv2D(c as unknown as Conv2DArgs), {
  // [9, 9, 2] at 3×3: 49 pixels a sample, so a 64-row chunk sums 3,136 im2col rows in dW.
  examples: [
    { config: { filters: 3, kernelSize: 3, activation: 'relu' }, inputShape: [9, 9, 2] },
    { config: { filters: 2, kernelSize: [2, 3], strides: 2, padding: 'same' }, inputShape: [5, 7, 3] },
    { config: { filters: 4, kernelSize: 1, kernelRegularizer: 'l2' }, inputShape: [3, 3, 5] },
  ],
});
