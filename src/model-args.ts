// The options Sequential takes and the scores it returns (Keras names).
import type { Layer } from './layers/layer.js';
import type { Optimizer } from './optimizers/optimizer.js';
import type { LossLike } from './losses.js';

export interface SequentialArgs {
  layers?: Layer[];
  /** Seed of every random draw: initialization, shuffling, dropout. Default 0: runs repeat exactly. */
  seed?: number;
  name?: string;
}

export interface CompileArgs {
  /** Optimizer name ('sgd') or instance (new SGD({learningRate: 0.1})). */
  optimizer: string | Optimizer;
  /** A loss name ('categoricalCrossentropy', …) or object (new BinaryCrossentropy({fromLogits: true})). */
  loss: LossLike;
  /** ['accuracy'] or []. */
  metrics?: string[];
}

export interface BatchArgs {
  /** Rows per forward pass; default 32. */
  batchSize?: number;
}

/** Loss and metrics of a pass over a data set. */
export interface Scores {
  loss: number;
  accuracy?: number;
}
