// RMSprop (Hinton 2012), Keras 3 rule (keras/src/optimizers/rmsprop.py):
//   vel ← ρ·vel + (1 − ρ)g²;  centered: avg ← ρ·avg + (1 − ρ)g, den = vel − avg² + ε, else den = vel + ε
//   inc = lr·g/√den;  momentum > 0: mom ← μ·mom + inc, w ← w − mom;  else w ← w − inc
import { Optimizer, optimizers, type UpdateCall, inRange, positive } from './optimizer.js';
import type { LearningRateSchedule } from './schedules.js';

export interface RMSpropArgs {
  /** Default 0.001. */
  learningRate?: number | LearningRateSchedule;
  /** Discount of the squared-gradient average; default 0.9. */
  rho?: number;
  /** Default 0. */
  momentum?: number;
  /** Inside the square root; default 1e-7. */
  epsilon?: number;
  /** Normalise by the variance estimate; default false. */
  centered?: boolean;
}

export class RMSprop extends Optimizer {
  static override className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    super(args.learningRate, 0.001);
    this.rho = inRange(args.rho ?? 0.9, 0, 1, 'rho', 'RMSprop');
    this.momentum = inRange(args.momentum ?? 0, 0, 1, 'momentum', 'RMSprop');
    this.epsilon = positive(args.epsilon, 1e-7, 'epsilon', 'RMSprop');
    this.centered = args.centered ?? false;
  }

  /** velocity, then momentum if used, then the average gradient if centered. */
  get slots(): number {
    return 1 + (this.momentum > 0 ? 1 : 0) + (this.centered ? 1 : 0);
  }

  /** @internal */
  override get nonNegativeSlots(): number[] {
    return [0];
  }

  /** @internal */
  protected update({ k, w, g, slot, n, lr, l1, l2, out }: UpdateCall): number {
    const mom = this.momentum > 0 ? slot(1) : 0;
    const avg = this.centered ? slot(this.slots - 1) : 0;
    return k.rmsprop_update(
      w,
      slot(0),
      mom,
      avg,
      g,
      n,
      lr,
      this.rho,
      this.momentum,
      this.epsilon,
      this.centered,
      l1,
      l2,
      out,
    );
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    };
  }
}

optimizers.register('rmsprop', (c) => new RMSprop(c as RMSpropArgs));
