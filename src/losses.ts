// Losses, Keras definitions; the value reported is the mean over the batch.
// Cross-entropy after a softmax is computed from the logits in one fused kernel
// (stable for any finite logits; the gradient is softmax − target).
import type { Kernels } from './wasm.js';
import { Registry } from './registry.js';

export interface LossInput {
  k: Kernels;
  /** Gradient output (M, N): d loss / d y, or d loss / d logits when fused. */
  grad: number;
  /** Model output y (M, N). */
  y: number;
  /** Logits before the final softmax when the model fused it, else 0. */
  logits: number;
  /** Targets: i32 class indices (M) when sparse, else f32 (M, N). */
  targets: number;
  sparse: boolean;
  M: number;
  N: number;
}

export interface Loss {
  readonly name: string;
  /** Whether this loss can take the final softmax over (cross-entropies). */
  readonly fusesSoftmax: boolean;
  /** Whether targets may be class indices; 'only' when they must be. */
  readonly sparseLabels: 'no' | 'yes' | 'only';
  /** Writes the gradient and returns the mean loss over the batch. */
  compute(a: LossInput): number;
}

export const losses = new Registry<Loss>('loss');

function crossEntropy(name: string, sparseLabels: 'yes' | 'only'): Loss {
  return {
    name,
    fusesSoftmax: true,
    sparseLabels,
    compute({ k, grad, y, logits, targets, sparse, M, N }) {
      const scale = 1 / M;
      let sum: number;
      if (logits) {
        sum = sparse
          ? k.softmax_cross_entropy_sparse(grad, logits, targets, M, N, scale)
          : k.softmax_cross_entropy(grad, logits, targets, M, N, scale);
      } else {
        // not fused: targets are always dense here (the model expands indices)
        sum = k.categorical_crossentropy(grad, y, targets, M, N, scale);
      }
      return sum / M;
    },
  };
}

losses.register('categoricalCrossentropy', crossEntropy('categoricalCrossentropy', 'yes'));
losses.register('sparseCategoricalCrossentropy', crossEntropy('sparseCategoricalCrossentropy', 'only'));
losses.register('meanSquaredError', {
  name: 'meanSquaredError',
  fusesSoftmax: false,
  sparseLabels: 'no',
  // Keras: mean over the last axis, then over the batch; d/dy = 2(y − t)/(M·N)
  compute: ({ k, grad, y, targets, M, N }) => k.mean_squared_error(grad, y, targets, M, N, 2 / (M * N)) / (M * N),
});
losses.register('mse', losses.get('meanSquaredError', 'loss'));

export function getLoss(spec: string | Loss, what: string): Loss {
  return typeof spec === 'string' ? losses.get(spec, what) : spec;
}
