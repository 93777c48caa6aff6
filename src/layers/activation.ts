// Activation: applies an activation function to its input; no parameters.
// Softmax is the same layer with the activation fixed (Keras layers.Softmax, last axis).
import { Layer, type LayerArgs, type Call } from './layer.js';
import { getActivation, activatedWidth, type Activation as ActivationFn } from '../activations.js';
import { layers } from './registry.js';

export interface ActivationArgs extends LayerArgs {
  /** Activation name or object. */
  activation: string | ActivationFn;
}

export class Activation extends Layer {
  static className = 'Activation';
  readonly activation: ActivationFn;

  constructor(args: ActivationArgs) {
    super(args);
    this.activation = getActivation(
      args?.activation ?? (undefined as never),
      `${this.className}(${this.name}): activation`,
    );
  }

  computeOutputShape(inputShape: number[]): number[] {
    const last = inputShape[inputShape.length - 1];
    return [...inputShape.slice(0, -1), activatedWidth(this.activation, last, `${this.className}(${this.name})`)];
  }

  /** The activation runs along the last axis (softmax, glu): rows × the other axes of a sample are its M. */
  private get lastAxis(): number {
    return this.inputShape[this.inputShape.length - 1];
  }

  override outputActivation(): string {
    return this.activation.name;
  }

  override logits(_c: Call, x: number): number {
    return x;
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    this.activation.forward(c.k, y, x, (rows * this.inputSize) / this.lastAxis, this.lastAxis);
  }

  backward(c: Call, dy: number, dx: number, x: number, y: number, rows: number): void {
    if (!dx) return;
    if (c.fused)
      c.k.linear_backward(dx, dy, 0, 0, rows * this.outputSize, 0); // the loss gave d(logits)
    else this.activation.backward(c.k, dx, dy, x, y, (rows * this.inputSize) / this.lastAxis, this.lastAxis);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}

export class Softmax extends Activation {
  static override className = 'Softmax';
  constructor(args: LayerArgs = {}) {
    super({ ...args, activation: 'softmax' });
  }
  override getConfig(): Record<string, unknown> {
    const { activation: _unused, ...rest } = super.getConfig();
    return rest;
  }
}

layers.register('Activation', (c) => new Activation(c as unknown as ActivationArgs), {
  examples: [{ config: { activation: 'softplus' }, inputShape: [6] }],
});
layers.register('Softmax', (c) => new Softmax(c as LayerArgs), { examples: [{ config: {}, inputShape: [5] }] });
