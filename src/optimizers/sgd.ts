// Stochastic gradient descent, Keras update rule (keras/src/optimizers/sgd.py):
//   momentum = 0:  w ← w − lr·g
//   momentum > 0:  v ← momentum·v − lr·g;  w ← w + v   (nesterov: w ← w + momentum·v − lr·g)
// One call updates the whole parameter block (parameters are contiguous in the arena).
import type { Kernels } from '../wasm.js';
import { ValueError } from '../errors.js';
import { optimizers, type Optimizer } from './optimizer.js';

export interface SGDArgs {
  /** Step size; default 0.01 (Keras). */
  learningRate?: number;
  /** Momentum factor in [0, 1); default 0. */
  momentum?: number;
  /** Nesterov momentum; default false. */
  nesterov?: boolean;
}

export class SGD implements Optimizer {
  static className = 'SGD';
  learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    this.learningRate = args.learningRate ?? 0.01;
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
    if (!(this.learningRate > 0) || !Number.isFinite(this.learningRate)) {
      throw new ValueError(`SGD: learningRate must be a finite number > 0, received ${args.learningRate}`);
    }
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new ValueError(`SGD: momentum must be in [0, 1), received ${args.momentum}`);
    }
  }

  get slots(): number {
    return this.momentum > 0 ? 1 : 0;
  }

  apply(k: Kernels, params: number, grads: number, slots: number, n: number): void {
    if (this.momentum > 0) k.sgd_momentum_update(params, slots, grads, n, this.learningRate, this.momentum, this.nesterov);
    else k.sgd_update(params, grads, n, this.learningRate);
  }

  getConfig(): Record<string, unknown> {
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov };
  }
}

optimizers.register('sgd', (c) => new SGD(c as SGDArgs));
