// Adagrad (Duchi et al. 2011), Keras 3 rule (keras/src/optimizers/adagrad.py):
//   acc ← acc + g²  (acc starts at initialAccumulatorValue);  w ← w − lr·g / √(acc + ε)
import type { Kernels } from '../kernels.js';
import { Optimizer, optimizers, type UpdateCall, positive, type Block } from './optimizer.js';
import type { LearningRateSchedule } from './schedules.js';
import { ValueError } from '../errors.js';

export interface AdagradArgs {
  /** Default 0.001. */
  learningRate?: number | LearningRateSchedule;
  /** Starting value of the accumulator; default 0.1. */
  initialAccumulatorValue?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

export class Adagrad extends Optimizer {
  static override className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(args: AdagradArgs = {}) {
    super(args.learningRate, 0.001);
    this.initialAccumulatorValue = args.initialAccumulatorValue ?? 0.1;
    if (!(this.initialAccumulatorValue >= 0))
      throw new ValueError(`Adagrad: initialAccumulatorValue must be ≥ 0, received ${args.initialAccumulatorValue}`);
    this.epsilon = positive(args.epsilon, 1e-7, 'epsilon', 'Adagrad');
  }

  get slots(): number {
    return 1;
  }

  /** @internal */
  override slotInit(): number {
    return this.initialAccumulatorValue;
  }

  /** @internal */
  override get nonNegativeSlots(): number[] {
    return [0];
  }

  /** @internal */
  override initSlots(k: Kernels, block: Block): void {
    k.fill(block.slots, block.size, this.initialAccumulatorValue);
  }

  /** @internal */
  protected update({ k, w, g, slot, n, lr, l1, l2, out }: UpdateCall): number {
    return k.adagrad_update(w, slot(0), g, n, lr, this.epsilon, l1, l2, out);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

optimizers.register('adagrad', (c) => new Adagrad(c as AdagradArgs));
