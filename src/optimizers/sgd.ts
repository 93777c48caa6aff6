// Stochastic gradient descent, Keras update rule (keras/src/optimizers/sgd.py):
//   momentum = 0:  w ← w − lr·g
//   momentum > 0:  v ← momentum·v − lr·g;  w ← w + v   (nesterov: w ← w + momentum·v − lr·g)
import { Optimizer, optimizers, type UpdateCall, inRange } from './optimizer.js';
import type { LearningRateSchedule } from './schedules.js';

export interface SGDArgs {
  /** Step size or schedule; default 0.01 (Keras). */
  learningRate?: number | LearningRateSchedule;
  /** Momentum factor in [0, 1); default 0. */
  momentum?: number;
  /** Nesterov momentum; default false. */
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  static override className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    super(args.learningRate, 0.01);
    this.momentum = inRange(args.momentum ?? 0, 0, 1, 'momentum', 'SGD');
    this.nesterov = args.nesterov ?? false;
  }

  get slots(): number {
    return this.momentum > 0 ? 1 : 0;
  }

  /** @internal */
  protected update({ k, w, g, slot, n, lr, l1, l2, out }: UpdateCall): number {
    if (this.momentum > 0)
      return k.sgd_momentum_update(w, slot(0), g, n, lr, this.momentum, this.nesterov, l1, l2, out);
    return k.sgd_update(w, g, n, lr, l1, l2, out);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}

optimizers.register('sgd', (c) => new SGD(c as SGDArgs));
