// PReLU (He et al. 2015): y = x for x > 0, alpha·x otherwise, with alpha learned per
// unit, or one alpha for all units with sharedAxes: [1] (Keras shared_axes on [batch, units]).
import { Layer, type LayerArgs, type Param, type StepContext } from './layer.js';
import { getInitializer, initializerConfig, type InitializerLike } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { layers } from './registry.js';

export interface PReLUArgs extends LayerArgs {
  /** Initial alpha; default 'zeros' (Keras), i.e. a ReLU at the start. */
  alphaInitializer?: InitializerLike;
  alphaRegularizer?: RegularizerLike;
  /** Axes (1-based, batch excluded) along which alpha is shared; [1] = one alpha. */
  sharedAxes?: number[];
}

export class PReLU extends Layer {
  static className = 'PReLU';
  private readonly alphaInit: InitializerLike;
  readonly alphaRegularizer?: L1L2;
  readonly sharedAxes: number[];
  private alpha!: Param;
  private x = 0;

  constructor(args: PReLUArgs = {}) {
    super(args);
    this.alphaInit = args.alphaInitializer ?? 'zeros';
    getInitializer(this.alphaInit, `PReLU(${this.name}): alphaInitializer`);
    this.alphaRegularizer = getRegularizer(args.alphaRegularizer, `PReLU(${this.name}): alphaRegularizer`);
    this.sharedAxes = args.sharedAxes ?? [];
    if (!Array.isArray(this.sharedAxes) || this.sharedAxes.some((a) => a !== 1)) {
      throw new ValueError(`PReLU(${this.name}): sharedAxes must be [] or [1] for [batch, units] inputs, received ${JSON.stringify(args.sharedAxes)}`);
    }
  }

  private get shared(): boolean {
    return this.sharedAxes.length > 0;
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.alpha = this.addParam('alpha', this.shared ? [1] : [inputShape[0]], getInitializer(this.alphaInit, this.name), this.alphaRegularizer);
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (inputShape.length !== 1) throw new ShapeError(`PReLU(${this.name}): expected input [batch, units], received ${fmtShape(['batch' as never, ...inputShape])}`);
    return [...inputShape];
  }

  forward(ctx: StepContext, x: number, y: number, batch: number): void {
    ctx.k.prelu_forward(y, x, this.alpha.ptr, batch, this.outputSize, this.shared);
    this.x = x;
  }

  backward(ctx: StepContext, dy: number, dx: number, batch: number): void {
    // prelu_backward always writes a dx; without one, it writes over dy (no longer needed)
    ctx.k.prelu_backward(dx || dy, this.alpha.grad, dy, this.x, this.alpha.ptr, batch, this.outputSize, this.shared);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      alphaInitializer: initializerConfig(this.alphaInit),
      alphaRegularizer: regularizerConfig(this.alphaRegularizer),
      sharedAxes: this.sharedAxes,
    };
  }
}

layers.register('PReLU', (c) => new PReLU(c as PReLUArgs));
