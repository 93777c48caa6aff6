// The optimizer core: a learning rate (number or schedule), a step count, and one
// fused update kernel per run of parameters that share a regularizer. Subclasses give
// the slot count and the kernel call; the Keras rule is stated in each file.
import type { Kernels } from '../kernels.js';
import type { Block } from '../core/session.js';
import type { Segment } from '../core/layout.js';
import { Registry } from '../registry.js';
import { ValueError, quote } from '../errors.js';
import { schedules, type LearningRateSchedule } from './schedules.js';

/** Where the parameters, gradients and slots are: slot s of float i is at slots + 4·(s·size + i). */
export type { Block } from '../core/session.js';
export type { Segment } from '../core/layout.js';

/**
 * @internal One segment's update: parameters at w, gradients at g, `slot(i)` the segment's
 * slot i, n floats, the regularizer; `out`: the byte distance at which the kernel writes the
 * new values (0: in place), see assembly/optimizers.ts.
 */
export interface UpdateCall {
  k: Kernels;
  w: number;
  g: number;
  slot: (i: number) => number;
  n: number;
  lr: number;
  l1: number;
  l2: number;
  out: number;
}

export abstract class Optimizer {
  static className: string;
  learningRate: number | LearningRateSchedule;
  /** Updates applied so far (Keras optimizer.iterations). */
  iterations = 0;

  constructor(
    learningRate: number | LearningRateSchedule | { className: string; config?: Record<string, unknown> } | undefined,
    fallback: number,
  ) {
    const given = learningRate ?? fallback;
    let lr = given as number | LearningRateSchedule;
    if (
      typeof given === 'object' &&
      given !== null &&
      typeof (given as LearningRateSchedule).at !== 'function' &&
      'className' in given
    ) {
      const spec = given as { className: string; config?: Record<string, unknown> }; // from a saved config
      lr = schedules.get(spec.className, `${this.className}: learningRate`)(spec.config ?? {});
    }
    if (typeof lr === 'number' && (!(lr > 0) || !Number.isFinite(lr))) {
      throw new ValueError(
        `${this.className}: learningRate must be a finite number > 0 or a schedule, received ${quote(learningRate)}`,
      );
    }
    if (typeof lr !== 'number' && typeof lr?.at !== 'function') {
      throw new ValueError(`${this.className}: learningRate must be a number or a schedule, received ${quote(lr)}`);
    }
    this.learningRate = lr;
  }

  get className(): string {
    return (this.constructor as unknown as { className: string }).className;
  }

  /** Slots of state per parameter. */
  abstract get slots(): number;

  /** @internal The value initSlots gives slot `slot` (the padding between parameters keeps it). */
  slotInit(_slot: number): number {
    return 0;
  }

  /** @internal Slots that hold sums of squares (second moments, accumulators): never negative. */
  get nonNegativeSlots(): number[] {
    return [];
  }

  /** The learning rate of the next update. */
  currentLearningRate(): number {
    return typeof this.learningRate === 'number' ? this.learningRate : this.learningRate.at(this.iterations);
  }

  /** @internal Initial slot values (zeros unless overridden). */
  initSlots(k: Kernels, block: Block): void {
    k.fill(block.slots, block.size * this.slots, 0);
  }

  /** @internal One step over every segment; returns the regularization penalty of the weights before it. */
  apply(k: Kernels, block: Block, segments: readonly Segment[]): number {
    const penalty = this.applyRange(k, block, segments, 0, block.size, this.currentLearningRate());
    this.iterations++;
    return penalty;
  }

  /**
   * @internal The update of parameters [lo, hi) only, at learning rate lr, without counting a step:
   * threads updating disjoint ranges together make exactly apply()'s result.
   */
  applyRange(
    k: Kernels,
    block: Block,
    segments: readonly Segment[],
    lo: number,
    hi: number,
    lr: number,
    out = 0,
  ): number {
    let penalty = 0;
    for (const s of segments) {
      if (!s.trainable) continue; // frozen layers: no update, no penalty (Session.refreshTrainable)
      const from = Math.max(lo, s.offset);
      const to = Math.min(hi, s.offset + s.size);
      if (from >= to) continue;
      const slot = (i: number) => block.slots + 4 * (i * block.size + from);
      const w = block.params + 4 * from;
      penalty += this.update({ k, w, g: block.grads + 4 * from, slot, n: to - from, lr, l1: s.l1, l2: s.l2, out });
    }
    return penalty;
  }

  /** @internal The kernel call for one segment (see UpdateCall). */
  protected abstract update(u: UpdateCall): number;

  getConfig(): Record<string, unknown> {
    const lr = this.learningRate;
    return { learningRate: typeof lr === 'number' ? lr : { className: lr.className, config: lr.getConfig() } };
  }
}

export const optimizers = new Registry<(config: Record<string, unknown>) => Optimizer>('optimizer');

export function getOptimizer(
  spec: string | Optimizer | { className: string; config?: Record<string, unknown> },
  what: string,
): Optimizer {
  if (spec instanceof Optimizer) return spec;
  if (typeof spec === 'string') return optimizers.get(spec, what)({});
  if (spec && typeof spec === 'object' && typeof spec.className === 'string')
    return optimizers.get(spec.className, what)(spec.config ?? {});
  throw new ValueError(`${what}: expected an optimizer name or instance, received ${quote(spec)}`);
}

/** Checks a hyper-parameter lies in [lo, hi) (or [lo, hi] when closed). */
/** `v ?? fallback`, which must be > 0 (an optimizer's epsilon); else a ValueError naming it. */
export function positive(v: number | undefined, fallback: number, name: string, what: string): number {
  const x = v ?? fallback;
  if (!(x > 0)) throw new ValueError(`${what}: ${name} must be > 0, received ${v}`);
  return x;
}

export function inRange(
  v: number | undefined,
  lo: number,
  hi: number,
  name: string,
  what: string,
  closed = false,
): number {
  if (typeof v !== 'number' || !(v >= lo && (closed ? v <= hi : v < hi))) {
    throw new ValueError(`${what}: ${name} must be in [${lo}, ${hi}${closed ? ']' : ')'}, received ${v}`);
  }
  return v;
}
