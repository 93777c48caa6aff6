// Losses, Keras definitions; the value is the mean over the batch (and, for MSE and
// binary cross-entropy, over the last axis first). A cross-entropy after its matching
// activation (softmax / sigmoid) is computed from the pre-activation in one fused kernel,
// as Keras does with the logits it keeps on those outputs: exact and finite for any logits.
import type { Kernels } from './kernels.js';
import { Registry } from './registry.js';
import { ValueError, quote } from './errors.js';

export interface LossInput {
  k: Kernels;
  /** Gradient output (M, N): d loss / d y, or d loss / d pre-activation when fused. */
  grad: number;
  /** Model output y (M, N). */
  y: number;
  /** Pre-activation of the final activation when the model fused it, else 0. */
  logits: number;
  /** Targets: i32 class indices (M) when sparse, else f32 (M, N). */
  targets: number;
  sparse: boolean;
  /** Rows in this call. */
  M: number;
  /** Rows the mean is taken over (the whole minibatch when it is computed in chunks). */
  total: number;
  N: number;
}

export interface Loss {
  readonly className: string;
  /** @internal The final activation this loss can take over, if any. */
  readonly fuses?: 'softmax' | 'sigmoid';
  /** @internal Whether targets may be class indices; 'only' when they must be. */
  readonly sparseLabels: 'no' | 'yes' | 'only';
  /** @internal Whether index targets can be used as they are (else the model expands them to one-hot). */
  indicesUsable(fused: boolean): boolean;
  /** @internal Writes the gradient and returns the mean loss over the batch. */
  compute(a: LossInput): number;
  getConfig(): Record<string, unknown>;
}

function fromLogitsArg(args: { fromLogits?: boolean } | undefined, what: string): boolean {
  const v = args?.fromLogits ?? false;
  if (typeof v !== 'boolean') throw new ValueError(`${what}: fromLogits must be a boolean, received ${quote(v)}`);
  return v;
}

/** Cross-entropy over classes: softmax is the matching activation. */
export class CategoricalCrossentropy implements Loss {
  readonly className: string = 'CategoricalCrossentropy';
  /** @internal */
  readonly sparseLabels: 'yes' | 'only' = 'yes';
  readonly fromLogits: boolean;
  constructor(args: { fromLogits?: boolean } = {}) {
    this.fromLogits = fromLogitsArg(args, this.className);
  }
  /** @internal */
  get fuses(): 'softmax' | undefined {
    return this.fromLogits ? undefined : 'softmax';
  }
  /** @internal */
  indicesUsable(fused: boolean): boolean {
    return fused || this.fromLogits;
  }
  /** @internal */
  compute({ k, grad, y, logits, targets, sparse, M, total, N }: LossInput): number {
    const z = logits || (this.fromLogits ? y : 0);
    const scale = 1 / total;
    let sum: number;
    if (z) {
      sum = sparse
        ? k.softmax_cross_entropy_sparse(grad, z, targets, M, N, scale)
        : k.softmax_cross_entropy(grad, z, targets, M, N, scale);
    } else {
      sum = k.categorical_crossentropy(grad, y, targets, M, N, scale); // probabilities, Keras clipping
    }
    return sum / total;
  }
  getConfig(): Record<string, unknown> {
    return { fromLogits: this.fromLogits };
  }
}

/** The same cross-entropy, with integer class labels. */
export class SparseCategoricalCrossentropy extends CategoricalCrossentropy {
  override readonly className = 'SparseCategoricalCrossentropy';
  /** @internal */
  override readonly sparseLabels = 'only' as const;
}

/** Per-output binary cross-entropy: sigmoid is the matching activation. */
export class BinaryCrossentropy implements Loss {
  readonly className = 'BinaryCrossentropy';
  /** @internal */
  readonly sparseLabels = 'no' as const;
  readonly fromLogits: boolean;
  constructor(args: { fromLogits?: boolean } = {}) {
    this.fromLogits = fromLogitsArg(args, this.className);
  }
  /** @internal */
  get fuses(): 'sigmoid' | undefined {
    return this.fromLogits ? undefined : 'sigmoid';
  }
  /** @internal */
  indicesUsable(): boolean {
    return false;
  }
  /** @internal */
  compute({ k, grad, y, logits, targets, M, total, N }: LossInput): number {
    const z = logits || (this.fromLogits ? y : 0);
    const scale = 1 / (total * N);
    const sum = z
      ? k.sigmoid_binary_crossentropy(grad, z, targets, M, N, scale)
      : k.binary_crossentropy(grad, y, targets, M, N, scale);
    return sum * scale;
  }
  getConfig(): Record<string, unknown> {
    return { fromLogits: this.fromLogits };
  }
}

/** Mean over the last axis, then the batch; d/dy = 2(y − t)/(M·N). */
export class MeanSquaredError implements Loss {
  readonly className = 'MeanSquaredError';
  /** @internal */
  readonly sparseLabels = 'no' as const;
  /** @internal */
  indicesUsable(): boolean {
    return false;
  }
  /** @internal */
  compute({ k, grad, y, targets, M, total, N }: LossInput): number {
    return k.mean_squared_error(grad, y, targets, M, N, 2 / (total * N)) / (total * N);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

export const losses = new Registry<(config: Record<string, unknown>) => Loss>('loss');
losses.register('categoricalCrossentropy', (c) => new CategoricalCrossentropy(c));
losses.register('sparseCategoricalCrossentropy', (c) => new SparseCategoricalCrossentropy(c));
losses.register('binaryCrossentropy', (c) => new BinaryCrossentropy(c));
losses.register('meanSquaredError', () => new MeanSquaredError());
losses.register('mse', () => new MeanSquaredError());

export type LossLike = string | Loss | { className: string; config?: Record<string, unknown> };

export function getLoss(spec: LossLike, what: string): Loss {
  if (typeof spec === 'string') return losses.get(spec, what)({});
  if (spec && typeof (spec as Loss).compute === 'function') return spec as Loss;
  if (spec && typeof spec === 'object' && 'className' in spec && !('compute' in spec)) {
    const c = spec as { className: string; config?: Record<string, unknown> };
    return losses.get(c.className, what)(c.config ?? {});
  }
  throw new ValueError(`${what}: expected a loss name or object, received ${quote(spec)}`);
}
