// Dense: y = activation(x·W + b), W of shape [in, units] (Keras/tfjs layout). On input of
// more than one axis it applies to the last one (Keras), so x·W is one GEMM of rows·steps rows.
import { Layer, checkPositiveInt, type LayerArgs, type Call, type Saved } from './layer.js';
import { activatedWidth, type Activation } from '../activations.js';
import { getInitializer } from '../initializers.js';
import type { L1L2 } from '../regularizers.js';
import { layers } from './registry.js';
import { affineForward, affineBackward, affineOf, affineConfig, type Affine, type AffineArgs } from './affine.js';

export interface DenseArgs extends LayerArgs, AffineArgs {
  /** Number of output units. */
  units: number;
}

export class Dense extends Layer {
  static className = 'Dense';
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelRegularizer?: L1L2;
  readonly biasRegularizer?: L1L2;
  private readonly affine: Affine;

  constructor(args: DenseArgs) {
    super(args);
    checkPositiveInt(args?.units, `Dense(${this.name}): units`);
    this.units = args.units;
    this.affine = affineOf(args, `Dense(${this.name})`);
    activatedWidth(this.affine.activation, this.units, `Dense(${this.name}): units ${this.units} with activation`);
    ({ activation: this.activation, useBias: this.useBias } = this.affine);
    ({ kernelRegularizer: this.kernelRegularizer, biasRegularizer: this.biasRegularizer } = this.affine);
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.addParam(
      'kernel',
      [this.features, this.units],
      getInitializer(this.affine.kernelInit, this.name),
      this.kernelRegularizer,
    );
    if (this.useBias)
      this.addParam('bias', [this.units], getInitializer(this.affine.biasInit, this.name), this.biasRegularizer);
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape.slice(0, -1), activatedWidth(this.activation, this.units, this.name)];
  }

  private get features(): number {
    return this.inputShape[this.inputShape.length - 1];
  }

  /** Rows of the GEMM per sample: 1, or the steps (and more leading axes) of an N-D input. */
  private get steps(): number {
    return this.inputSize / this.features;
  }

  override saved(fused: boolean): Saved[] {
    const perRow = this.steps * this.units;
    return fused || this.activation.needsInput ? [{ name: 'pre-activation', perRow }] : [];
  }

  override outputActivation(): string {
    return this.activation.name;
  }

  override get overwritesGradients(): boolean {
    return true; // affineBackward writes dW and db
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
      ...affineConfig(this.affine),
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
