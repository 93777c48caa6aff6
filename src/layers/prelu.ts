// PReLU (He et al. 2015): y = x for x > 0, alpha·x otherwise, with alpha learned per
// unit, or one alpha for all units with sharedAxes: [1] (Keras shared_axes on [batch, units]).
import { Layer, type LayerArgs, type Call } from './layer.js';
import { getInitializer, initializerConfig, type InitializerLike } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { ShapeError, ValueError, fmtShape, quote } from '../errors.js';
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

  constructor(args: PReLUArgs = {}) {
    super(args);
    this.alphaInit = args.alphaInitializer ?? 'zeros';
    getInitializer(this.alphaInit, `PReLU(${this.name}): alphaInitializer`);
    this.alphaRegularizer = getRegularizer(args.alphaRegularizer, `PReLU(${this.name}): alphaRegularizer`);
    this.sharedAxes = args.sharedAxes ?? [];
    if (!Array.isArray(this.sharedAxes) || this.sharedAxes.some((a) => a !== 1)) {
      throw new ValueError(
        `PReLU(${this.name}): sharedAxes must be [] or [1] for [batch, units] inputs, received ` +
          `${quote(args.sharedAxes)}`,
      );
    }
  }

  private get shared(): boolean {
    return this.sharedAxes.length > 0;
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.addParam(
      'alpha',
      this.shared ? [1] : [inputShape[0]],
      getInitializer(this.alphaInit, this.name),
      this.alphaRegularizer,
    );
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (inputShape.length !== 1)
      throw new ShapeError(
        `PReLU(${this.name}): expected input [batch, units], received ${fmtShape(['batch' as never, ...inputShape])}`,
      );
    return [...inputShape];
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    c.k.prelu_forward(y, x, c.params[0], rows, this.outputSize, this.shared);
  }

  backward(c: Call, dy: number, dx: number, x: number, _y: number, rows: number): void {
    // prelu_backward always writes a dx; without one, it writes over dy (no longer needed)
    c.k.prelu_backward(dx || dy, c.grads[0], dy, x, c.params[0], rows, this.outputSize, this.shared);
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

layers.register('PReLU', (c) => new PReLU(c as PReLUArgs), {
  examples: [
    { config: { alphaInitializer: { className: 'constant', config: { value: 0.25 } } }, inputShape: [5] },
    { config: { sharedAxes: [1] }, inputShape: [4] },
  ],
});
