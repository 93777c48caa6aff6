// Adam (Kingma & Ba 2015), Keras 3 rule (keras/src/optimizers/adam.py), step t = iterations + 1:
//   m ← m + (g − m)(1 − β1);  v ← v + (g² − v)(1 − β2)
//   w ← w − α·m / (√v + ε),  α = lr·√(1 − β2^t) / (1 − β1^t)
import { Optimizer, optimizers, type UpdateCall, inRange, positive } from './optimizer.js';
import type { LearningRateSchedule } from './schedules.js';

export interface AdamArgs {
  /** Default 0.001. */
  learningRate?: number | LearningRateSchedule;
  /** Decay of the first moment; default 0.9. */
  beta1?: number;
  /** Decay of the second moment; default 0.999. */
  beta2?: number;
  /** Added to √v; default 1e-7. */
  epsilon?: number;
}

export class Adam extends Optimizer {
  static override className = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(args: AdamArgs = {}) {
    super(args.learningRate, 0.001);
    this.beta1 = inRange(args.beta1 ?? 0.9, 0, 1, 'beta1', 'Adam');
    this.beta2 = inRange(args.beta2 ?? 0.999, 0, 1, 'beta2', 'Adam');
    this.epsilon = positive(args.epsilon, 1e-7, 'epsilon', 'Adam');
  }

  get slots(): number {
    return 2;
  }

  /** @internal */
  override get nonNegativeSlots(): number[] {
    return [1];
  }

  /** @internal */
  protected update({ k, w, g, slot, n, lr, l1, l2, out }: UpdateCall): number {
    const t = this.iterations + 1;
    const alpha = (lr * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    return k.adam_update(w, slot(0), slot(1), g, n, alpha, this.beta1, this.beta2, this.epsilon, l1, l2, out);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

optimizers.register('adam', (c) => new Adam(c as AdamArgs));
