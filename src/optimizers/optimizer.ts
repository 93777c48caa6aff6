// What the model needs from an optimizer: how many state slots per parameter it
// keeps (each a copy of the parameter block's layout) and one update call.
import type { Kernels } from '../wasm.js';
import { Registry } from '../registry.js';

export interface Optimizer {
  /** Slots of optimizer state per parameter (momentum: 1). */
  readonly slots: number;
  learningRate: number;
  /** Updates n parameters at `params` from `grads`; `slots` points at its state (slots × n floats). */
  apply(k: Kernels, params: number, grads: number, slots: number, n: number): void;
  getConfig(): Record<string, unknown>;
}

export const optimizers = new Registry<(config: Record<string, unknown>) => Optimizer>('optimizer');

export function getOptimizer(spec: string | Optimizer, what: string): Optimizer {
  return typeof spec === 'string' ? optimizers.get(spec, what)({}) : spec;
}
