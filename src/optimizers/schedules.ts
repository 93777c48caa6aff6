// Learning-rate schedules: functions of the optimizer's step count (Keras
// keras.optimizers.schedules). A schedule object can stand where a learning rate goes.
import { ValueError } from '../errors.js';
import { Registry } from '../registry.js';

export interface LearningRateSchedule {
  readonly className: string;
  /** Learning rate at optimizer step `step` (0 for the first update). */
  at(step: number): number;
  getConfig(): Record<string, unknown>;
}

function positive(v: number | undefined, name: string, what: string): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
    throw new ValueError(`${what}: ${name} must be a finite number > 0, received ${v}`);
  return v;
}

/** lr = initial · rate^(step / decaySteps), floored exponent when staircase (Keras ExponentialDecay). */
export class ExponentialDecay implements LearningRateSchedule {
  readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  constructor(args: { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }) {
    this.initialLearningRate = positive(args?.initialLearningRate, 'initialLearningRate', 'ExponentialDecay');
    this.decaySteps = positive(args.decaySteps, 'decaySteps', 'ExponentialDecay');
    this.decayRate = positive(args.decayRate, 'decayRate', 'ExponentialDecay');
    this.staircase = args.staircase ?? false;
  }
  at(step: number): number {
    const p = step / this.decaySteps;
    return this.initialLearningRate * this.decayRate ** (this.staircase ? Math.floor(p) : p);
  }
  getConfig() {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
    };
  }
}

/** Step decay: lr = initial · factor^floor(step / stepSize), a drop every stepSize updates. */
export class StepDecay implements LearningRateSchedule {
  readonly className = 'StepDecay';
  readonly initialLearningRate: number;
  readonly factor: number;
  readonly stepSize: number;
  constructor(args: { initialLearningRate: number; factor?: number; stepSize: number }) {
    this.initialLearningRate = positive(args?.initialLearningRate, 'initialLearningRate', 'StepDecay');
    this.factor = positive(args.factor ?? 0.5, 'factor', 'StepDecay');
    this.stepSize = positive(args.stepSize, 'stepSize', 'StepDecay');
  }
  at(step: number): number {
    return this.initialLearningRate * this.factor ** Math.floor(step / this.stepSize);
  }
  getConfig() {
    return { initialLearningRate: this.initialLearningRate, factor: this.factor, stepSize: this.stepSize };
  }
}

/** values[i] while step ≤ boundaries[i] (Keras PiecewiseConstantDecay). */
export class PiecewiseConstantDecay implements LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  constructor(
    readonly boundaries: number[],
    readonly values: number[],
  ) {
    if (!Array.isArray(values) || !Array.isArray(boundaries) || values.length !== boundaries.length + 1) {
      throw new ValueError('PiecewiseConstantDecay: values must have one more entry than boundaries');
    }
    values.forEach((v, i) => positive(v, `values[${i}]`, 'PiecewiseConstantDecay'));
  }
  at(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.values.length - 1 : i];
  }
  getConfig() {
    return { boundaries: this.boundaries, values: this.values };
  }
}

export const schedules = new Registry<(config: Record<string, unknown>) => LearningRateSchedule>(
  'learning-rate schedule',
);
schedules.register('ExponentialDecay', (c) => new ExponentialDecay(c as never));
schedules.register('StepDecay', (c) => new StepDecay(c as never));
schedules.register(
  'PiecewiseConstantDecay',
  (c) => new PiecewiseConstantDecay(c.boundaries as number[], c.values as number[]),
);
