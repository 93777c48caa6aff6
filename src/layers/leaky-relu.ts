// LeakyReLU: y = x for x > 0, negativeSlope·x otherwise, with a fixed slope (Keras 3
// layers.LeakyReLU, default 0.3; tfjs-layers calls it `alpha`). The 'leaky_relu'
// activation is the same function at Keras's activation default of 0.2.
import { Layer, type LayerArgs, type Call } from './layer.js';
import { ValueError, quote } from '../errors.js';
import { layers } from './registry.js';

export interface LeakyReLUArgs extends LayerArgs {
  /** Slope for x ≤ 0, ≥ 0; default 0.3 (Keras). */
  negativeSlope?: number;
  /** tfjs-layers' name for negativeSlope; give one of the two. */
  alpha?: number;
}

export class LeakyReLU extends Layer {
  static className = 'LeakyReLU';
  readonly negativeSlope: number;

  constructor(args: LeakyReLUArgs = {}) {
    super(args);
    if (args.negativeSlope !== undefined && args.alpha !== undefined && args.negativeSlope !== args.alpha) {
      throw new ValueError(
        `LeakyReLU(${this.name}): give negativeSlope or alpha, not both (received ${args.negativeSlope} and ` +
          `${args.alpha})`,
      );
    }
    const slope = args.negativeSlope ?? args.alpha ?? 0.3;
    if (typeof slope !== 'number' || !(slope >= 0) || !Number.isFinite(slope)) {
      throw new ValueError(
        `LeakyReLU(${this.name}): negativeSlope must be a finite number ≥ 0, received ${quote(slope)}`,
      );
    }
    this.negativeSlope = slope;
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape];
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    c.k.leaky_relu_forward(y, x, rows * this.outputSize, this.negativeSlope);
  }

  // The derivative at 0 is the slope, as for the activation (assembly/activations.ts).
  backward(c: Call, dy: number, dx: number, x: number, _y: number, rows: number): void {
    if (dx) c.k.leaky_relu_backward(dx, dy, x, 0, rows * this.outputSize, this.negativeSlope);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}

layers.register('LeakyReLU', (c) => new LeakyReLU(c as LeakyReLUArgs), {
  examples: [{ config: { negativeSlope: 0.1 }, inputShape: [6] }],
});
