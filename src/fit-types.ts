// What fit takes and gives, and what callbacks see of the model: types only, so that the
// model, the training loop, callbacks and the progress bar need not import each other.
import type { Tensor, Input } from './data.js';
import type { Optimizer } from './optimizers/optimizer.js';

export type Logs = Record<string, number>;

/** What a callback may read and change of the model being trained (a Sequential). */
export interface CallbackModel {
  /** Set to stop fit after the current batch. */
  stopTraining: boolean;
  readonly optimizer?: Optimizer;
  getWeights(): Tensor[];
  /** Weights fit puts back when it ends (earlyStopping's restoreBestWeights). */
  restoreWeightsAfterFit?: Tensor[];
}

/** Hooks called during fit (tfjs/Keras names); each may return a promise, which fit awaits. */
export interface Callback {
  /** Called before onTrainBegin with the model being trained. */
  setModel?(model: CallbackModel): void;
  onTrainBegin?(logs: Logs): unknown;
  onTrainEnd?(logs: Logs): unknown;
  onEpochBegin?(epoch: number, logs: Logs): unknown;
  onEpochEnd?(epoch: number, logs: Logs): unknown;
  onBatchEnd?(batch: number, logs: Logs): unknown;
}

/** Test hook: make a worker fail in a chosen way when computing `chunk` of optimizer step `step`. */
export interface Fault {
  kind: 'throw' | 'trap' | 'exit' | 'oom' | 'hang';
  step: number;
  chunk: number;
}

export type WorkersOption = number | 'auto';

export interface FitArgs {
  /** Index of the last epoch to run (exclusive), as Keras; default 1. Must exceed initialEpoch. */
  epochs?: number;
  /** Epoch to start at, e.g. model.completedEpochs to resume a saved run exactly; default 0. */
  initialEpoch?: number;
  /**
   * Rows per step: a positive integer (1 = stochastic GD) or 'full' (batch GD); default 32. The last partial batch is
   * used.
   */
  batchSize?: number | 'full';
  /** Reshuffle the training rows every epoch; default true. */
  shuffle?: boolean;
  /** Seed of the shuffle; default the model's seed. */
  seed?: number;
  /** Fraction of samples (the last ones, before shuffling, as Keras) held out for validation. */
  validationSplit?: number;
  /** Held-out [x, y] scored after every epoch. */
  validationData?: [Input, Input];
  callbacks?: Callback | Callback[];
  /** 0: silent (default); 1: a progress bar per epoch on stderr. */
  verbose?: 0 | 1;
  /** Worker threads computing each minibatch ('auto': one per core); default 1 (the main thread). */
  workers?: WorkersOption;
  /** Stops fit before the next minibatch; fit then rejects with an AbortedError. */
  signal?: AbortSignal;
  /** Milliseconds a step may take on the workers before they count as hung; default 60,000. */
  stepTimeout?: number;
  /** @internal Test hook: make a worker fail at a given step and chunk. */
  faultInjection?: Fault;
  /** Heap limit of each worker thread in MiB. */
  workerHeapMb?: number;
}

/** What fit returns: per-epoch values of loss, accuracy, val_loss, val_accuracy. */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}
