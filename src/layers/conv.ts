// What Conv1D and Conv2D share: y = activation(conv(x, W) + b) computed as the affine core
// over im2col rows (assembly/conv.ts). Forward lays the receptive fields out as rows and runs
// one GEMM; the rows are kept for dW, and backward then reuses their buffer for dcols = dz·Wᵀ
// before col2im adds them back into dx. A subclass says how its input maps onto the 2-D
// window geometry (Conv1D: an image one row high) and what its kernel's shape is.
import { Layer, checkPositiveInt, type LayerArgs, type Call, type Saved } from './layer.js';
import type { Activation } from '../activations.js';
import { getInitializer } from '../initializers.js';
import type { L1L2 } from '../regularizers.js';
import { affineForward, affineBackward, affineOf, affineConfig, type Affine, type AffineArgs } from './affine.js';
import type { Geometry } from './geometry.js';

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
    ({ activation: this.activation, useBias: this.useBias } = this.affine);
    ({ kernelRegularizer: this.kernelRegularizer, biasRegularizer: this.biasRegularizer } = this.affine);
  }

  /** The window geometry for samples of `inputShape` (errors name the layer). */
  protected abstract geometryOf(inputShape: number[]): Geometry;
  /** The kernel's shape for `C` input channels (Keras: [kw, in, filters] or [kh, kw, in, filters]). */
  protected abstract kernelShape(C: number): number[];

  computeOutputShape(inputShape: number[]): number[] {
    const g = this.geometryOf(inputShape);
    return inputShape.length === 2 ? [g.OW, this.filters] : [g.OH, g.OW, this.filters];
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
