// Dense: y = activation(x·W + b), W of shape [in, units] (Keras/tfjs layout). On input of
// more than one axis it applies to the last one (Keras), so x·W is one GEMM of rows·steps rows.
import { Layer, checkPositiveInt, type LayerArgs, type Call, type Saved } from './layer.js';
import { getActivation, type Activation } from '../activations.js';
import { getInitializer, initializerConfig, type InitializerLike } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { layers } from './registry.js';
import { affineForward, affineBackward } from './affine.js';

export interface DenseArgs extends LayerArgs {
  /** Number of output units. */
  units: number;
  /** Activation name or object; default 'linear'. */
  activation?: string | Activation;
  /** Whether to add a bias vector; default true. */
  useBias?: boolean;
  /** Initializer of the [in, units] kernel; default 'glorotUniform' (as Keras). */
  kernelInitializer?: InitializerLike;
  /** Initializer of the bias; default 'zeros'. */
  biasInitializer?: InitializerLike;
  /** Penalty on the kernel, e.g. l2({l2: 1e-4}) or 'l1'. */
  kernelRegularizer?: RegularizerLike;
  /** Penalty on the bias. */
  biasRegularizer?: RegularizerLike;
}

export class Dense extends Layer {
  static className = 'Dense';
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  private readonly kernelInit: InitializerLike;
  private readonly biasInit: InitializerLike;
  readonly kernelRegularizer?: L1L2;
  readonly biasRegularizer?: L1L2;

  constructor(args: DenseArgs) {
    super(args);
    checkPositiveInt(args?.units, `Dense(${this.name}): units`);
    this.units = args.units;
    this.activation = getActivation(args.activation, `Dense(${this.name}): activation`);
    this.useBias = args.useBias ?? true;
    this.kernelInit = args.kernelInitializer ?? 'glorotUniform';
    this.biasInit = args.biasInitializer ?? 'zeros';
    getInitializer(this.kernelInit, `Dense(${this.name}): kernelInitializer`);
    getInitializer(this.biasInit, `Dense(${this.name}): biasInitializer`);
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer, `Dense(${this.name}): kernelRegularizer`);
    this.biasRegularizer = getRegularizer(args.biasRegularizer, `Dense(${this.name}): biasRegularizer`);
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.addParam(
      'kernel',
      [this.features, this.units],
      getInitializer(this.kernelInit, this.name),
      this.kernelRegularizer,
    );
    if (this.useBias)
      this.addParam('bias', [this.units], getInitializer(this.biasInit, this.name), this.biasRegularizer);
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape.slice(0, -1), this.units];
  }

  private get features(): number {
    return this.inputShape[this.inputShape.length - 1];
  }

  /** Rows of the GEMM per sample: 1, or the steps (and more leading axes) of an N-D input. */
  private get steps(): number {
    return this.inputSize / this.features;
  }

  override saved(fused: boolean): Saved[] {
    return fused || this.activation.needsInput ? [{ name: 'pre-activation', perRow: this.outputSize }] : [];
  }

  override outputActivation(): string {
    return this.activation.name;
  }

  override logits(c: Call): number {
    return c.saved[0];
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    affineForward(c, this.activation, x, c.saved[0] || y, y, rows * this.steps, this.features, this.units);
  }

  backward(c: Call, dy: number, dx: number, x: number, y: number, rows: number): void {
    affineBackward(c, this.activation, dy, dx, x, c.saved[0], y, rows * this.steps, this.features, this.units);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: initializerConfig(this.kernelInit),
      biasInitializer: initializerConfig(this.biasInit),
      kernelRegularizer: regularizerConfig(this.kernelRegularizer),
      biasRegularizer: regularizerConfig(this.biasRegularizer),
    };
  }
}

layers.register('Dense', (c) => new Dense(c as unknown as DenseArgs), {
  // Tiny models the shared tests build with each layer; [16, 8]: dW sums 64·16 > 512 rows.
  examples: [
    { config: { units: 5, activation: 'tanh' }, inputShape: [7] },
    { config: { units: 3, kernelRegularizer: 'l2' }, inputShape: [16, 8] },
  ],
});
