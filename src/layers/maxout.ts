// Maxout (Goodfellow et al. 2013): `units` outputs, each the max of `pieces` affine
// functions of the input — a Dense layer of units·pieces columns followed by a max over
// each unit's pieces. Backward routes the gradient to the piece that won in forward.
import { Layer, checkPositiveInt, type LayerArgs, type Call, type Saved } from './layer.js';
import { getInitializer, initializerConfig, type InitializerLike } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { ShapeError, fmtShape } from '../errors.js';
import { layers } from './registry.js';

export interface MaxoutArgs extends LayerArgs {
  /** Number of output units. */
  units: number;
  /** Affine pieces per unit (k ≥ 1). */
  pieces: number;
  /** Kernel [in, units·pieces]; unit j's pieces are columns j·k … j·k + k − 1. Default 'glorotUniform'. */
  kernelInitializer?: InitializerLike;
  biasInitializer?: InitializerLike;
  kernelRegularizer?: RegularizerLike;
  biasRegularizer?: RegularizerLike;
}

export class Maxout extends Layer {
  static className = 'Maxout';
  readonly units: number;
  readonly pieces: number;
  private readonly kernelInit: InitializerLike;
  private readonly biasInit: InitializerLike;
  readonly kernelRegularizer?: L1L2;
  readonly biasRegularizer?: L1L2;

  constructor(args: MaxoutArgs) {
    super(args);
    checkPositiveInt(args?.units, `Maxout(${this.name}): units`);
    checkPositiveInt(args.pieces, `Maxout(${this.name}): pieces`);
    this.units = args.units;
    this.pieces = args.pieces;
    this.kernelInit = args.kernelInitializer ?? 'glorotUniform';
    this.biasInit = args.biasInitializer ?? 'zeros';
    getInitializer(this.kernelInit, `Maxout(${this.name}): kernelInitializer`);
    getInitializer(this.biasInit, `Maxout(${this.name}): biasInitializer`);
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer, `Maxout(${this.name}): kernelRegularizer`);
    this.biasRegularizer = getRegularizer(args.biasRegularizer, `Maxout(${this.name}): biasRegularizer`);
  }

  private get width(): number {
    return this.units * this.pieces;
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.addParam(
      'kernel',
      [inputShape[0], this.width],
      getInitializer(this.kernelInit, this.name),
      this.kernelRegularizer,
    );
    this.addParam('bias', [this.width], getInitializer(this.biasInit, this.name), this.biasRegularizer);
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (inputShape.length !== 1)
      throw new ShapeError(
        `Maxout(${this.name}): expected input [batch, features], received ` +
          `${fmtShape(['batch' as never, ...inputShape])}`,
      );
    return [this.units];
  }

  override saved(): Saved[] {
    return [
      { name: 'pieces', perRow: this.width }, // every piece (rows, units·pieces)
      { name: 'arg-max', perRow: this.units }, // winning column per output, i32
    ];
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    const { k } = c;
    const [w, b] = c.params;
    const [z, idx] = c.saved;
    k.gemm_nn(z, x, w, c.work, rows, this.inputShape[0], this.width, false);
    k.bias_forward(z, b, rows, this.width);
    k.maxout_forward(y, idx, z, rows, this.units, this.pieces);
  }

  backward(c: Call, dy: number, dx: number, x: number, _y: number, rows: number): void {
    const { k } = c;
    const [w] = c.params;
    const [dw, db] = c.grads;
    const [z, idx] = c.saved;
    k.maxout_backward(z, dy, idx, rows, this.units, this.pieces); // z becomes dz
    k.gemm_tn(dw, x, z, c.work, this.inputShape[0], rows, this.width, true);
    k.bias_backward(db, z, rows, this.width, true);
    if (dx) k.gemm_nt(dx, z, w, c.work, rows, this.width, this.inputShape[0], false);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      pieces: this.pieces,
      kernelInitializer: initializerConfig(this.kernelInit),
      biasInitializer: initializerConfig(this.biasInit),
      kernelRegularizer: regularizerConfig(this.kernelRegularizer),
      biasRegularizer: regularizerConfig(this.biasRegularizer),
    };
  }
}

layers.register('Maxout', (c) => new Maxout(c as unknown as MaxoutArgs), {
  examples: [{ config: { units: 4, pieces: 3 }, inputShape: [6] }],
});
