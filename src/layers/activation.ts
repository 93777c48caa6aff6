// Activation: applies an activation function to its input; no parameters.
// Softmax is the same layer with the activation fixed (Keras layers.Softmax, last axis).
import { Layer, type LayerArgs, type StepContext } from './layer.js';
import { getActivation, type Activation as ActivationFn } from '../activations.js';
import { layers } from './registry.js';

export interface ActivationArgs extends LayerArgs {
  /** Activation name or object. */
  activation: string | ActivationFn;
}

export class Activation extends Layer {
  static className = 'Activation';
  readonly activation: ActivationFn;
  private x = 0;
  private y = 0;

  constructor(args: ActivationArgs) {
    super(args);
    this.activation = getActivation(args?.activation ?? (undefined as never), `${this.className}(${this.name}): activation`);
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape];
  }

  override outputActivation(): string {
    return this.activation.name;
  }

  override logits(): number {
    return this.x;
  }

  forward(ctx: StepContext, x: number, y: number, batch: number): void {
    this.activation.forward(ctx.k, y, x, batch, this.outputSize);
    this.x = x;
    this.y = y;
  }

  backward(ctx: StepContext, dy: number, dx: number, batch: number): void {
    if (!dx) return;
    if (this.fusedOutput) ctx.k.linear_backward(dx, dy, 0, 0, batch * this.outputSize, 0); // the loss gave d(logits)
    else this.activation.backward(ctx.k, dx, dy, this.x, this.y, batch, this.outputSize);
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

layers.register('Activation', (c) => new Activation(c as unknown as ActivationArgs));
layers.register('Softmax', (c) => new Softmax(c as LayerArgs));
