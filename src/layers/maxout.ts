// Maxout (Goodfellow et al. 2013): `units` outputs, each the max of `pieces` affine
// functions of the input — a Dense layer of units·pieces columns followed by a max over
// each unit's pieces. Backward routes the gradient to the piece that won in forward.
import { Layer, checkPositiveInt, type LayerArgs, type Param, type StepContext, type Alloc } from './layer.js';
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
  private kernel!: Param;
  private bias!: Param;
  private z = 0; // every piece, (batch, units·pieces)
  private idx = 0; // winning column per output, i32
  private x = 0;

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
    this.kernel = this.addParam('kernel', [inputShape[0], this.width], getInitializer(this.kernelInit, this.name), this.kernelRegularizer);
    this.bias = this.addParam('bias', [this.width], getInitializer(this.biasInit, this.name), this.biasRegularizer);
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (inputShape.length !== 1) throw new ShapeError(`Maxout(${this.name}): expected input [batch, features], received ${fmtShape(['batch' as never, ...inputShape])}`);
    return [this.units];
  }

  override plan(alloc: Alloc, batch: number): void {
    this.z = alloc(batch * this.width, `${this.name} pieces`);
    this.idx = alloc(batch * this.units, `${this.name} arg-max`);
  }

  forward(ctx: StepContext, x: number, y: number, batch: number): void {
    const { k } = ctx;
    k.gemm_nn(this.z, x, this.kernel.ptr, ctx.work, batch, this.inputShape[0], this.width, false);
    k.bias_forward(this.z, this.bias.ptr, batch, this.width);
    k.maxout_forward(y, this.idx, this.z, batch, this.units, this.pieces);
    this.x = x;
  }

  backward(ctx: StepContext, dy: number, dx: number, batch: number): void {
    const { k } = ctx;
    k.maxout_backward(this.z, dy, this.idx, batch, this.units, this.pieces); // z becomes dz
    k.gemm_tn(this.kernel.grad, this.x, this.z, ctx.work, this.inputShape[0], batch, this.width, true);
    k.bias_backward(this.bias.grad, this.z, batch, this.width);
    if (dx) k.gemm_nt(dx, this.z, this.kernel.ptr, ctx.work, batch, this.width, this.inputShape[0], false);
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

layers.register('Maxout', (c) => new Maxout(c as unknown as MaxoutArgs));
