// The training loop: gradient descent over minibatches (batchSize n), the whole set
// ('full') or single samples (1), with the model's seeded shuffle each epoch.
// Per step: gather rows → forward → loss → zero gradients → backward → check → update.
// Nothing is allocated and no weights cross the JS/WASM boundary inside the loop.
import type { Sequential, Scores } from './model.js';
import { batchSizeOf, SHUFFLE_STREAM } from './model.js';
import type { Input } from './data.js';
import { DivergenceError, ValueError } from './errors.js';

export type Logs = Record<string, number>;

/** Hooks called during fit (tfjs/Keras names); each may return a promise, which fit awaits. */
export interface Callback {
  /** Called before onTrainBegin with the model being trained. */
  setModel?(model: Sequential): void;
  onTrainBegin?(logs: Logs): unknown;
  onTrainEnd?(logs: Logs): unknown;
  onEpochBegin?(epoch: number, logs: Logs): unknown;
  onEpochEnd?(epoch: number, logs: Logs): unknown;
  onBatchEnd?(batch: number, logs: Logs): unknown;
}

export interface FitArgs {
  /** Index of the last epoch to run (exclusive), as Keras; default 1. */
  epochs?: number;
  /** Epoch to start at, e.g. model.completedEpochs to resume a saved run exactly; default 0. */
  initialEpoch?: number;
  /** Rows per step: a positive integer (1 = stochastic GD) or 'full' (batch GD); default 32. The last partial batch is used. */
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
}

/** What fit returns: per-epoch values of loss, accuracy, val_loss, val_accuracy. */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}

const YIELD_MS = 50; // give timers (progress bar, signals) a turn this often

export async function fit(model: Sequential, x: Input, y: Input, args: FitArgs): Promise<History> {
  model.requireCompiled('fit');
  const opts = checkFitArgs(args);
  let train = model.inputRows(x, 'fit: x');
  let targets = model.targetRows(y, train.rows, 'fit: y');
  let val: { x: Input; y: Input } | undefined;
  if (opts.validationData) {
    val = { x: opts.validationData[0], y: opts.validationData[1] };
  } else if (opts.validationSplit > 0) {
    const split = Math.floor(train.rows * (1 - opts.validationSplit));
    if (split === 0 || split === train.rows) {
      throw new ValueError(`fit: validationSplit ${opts.validationSplit} of ${train.rows} samples leaves an empty training or validation set`);
    }
    const per = targets.sparse ? 1 : model.outputUnits;
    val = {
      x: { data: train.data.subarray(split * train.width), shape: [train.rows - split, ...train.sample] },
      y: { data: targets.data.subarray(split * per), shape: [train.rows - split, per] },
    };
    train = { ...train, data: train.data.subarray(0, split * train.width), rows: split };
    targets = { ...targets, data: targets.data.subarray(0, split * per), rows: split } as typeof targets;
  }
  const valRows = val ? model.inputRows(val.x, 'fit: validationData x') : undefined;
  const valTargets = val && valRows ? model.targetRows(val.y, valRows.rows, 'fit: validationData y') : undefined;

  const { k } = model.arena;
  const bs = batchSizeOf(opts.batchSize, train.rows, 'fit');
  const plan = model.planBatches(bs);
  const put = (data: Float32Array | Int32Array, what: string) => model.stage(data, what);
  const xs = put(train.data, 'training inputs');
  const ts = put(targets.data, 'training targets');
  const perm = model.arena.alloc(train.rows, 'shuffle order');
  const vx = valRows ? put(valRows.data, 'validation inputs') : 0;
  const vt = valTargets ? put(valTargets.data, 'validation targets') : 0;
  const per = targets.sparse ? 1 : model.outputUnits;
  const block = model.paramBlock;
  const optimizer = model.optimizer!;

  const callbacks = [...opts.callbacks];
  if (opts.verbose === 1) callbacks.push((await import('./progress.js')).progressBar()); // loaded only when used
  const history: History = { epoch: [], history: {} };
  const seed = opts.seed ?? model.seed;
  const steps = Math.ceil(train.rows / bs);
  model.stopTraining = false;
  model.restoreWeightsAfterFit = undefined;
  for (const cb of callbacks) cb.setModel?.(model);
  await call(callbacks, 'onTrainBegin', { epochs: opts.epochs, steps, samples: train.rows });

  for (let epoch = opts.initialEpoch; epoch < opts.epochs && !model.stopTraining; epoch++) {
    await call(callbacks, 'onEpochBegin', epoch, { steps, samples: train.rows });
    const shuffled = opts.shuffle && bs < train.rows;
    if (shuffled) k.random_permutation(perm, train.rows, seed, (SHUFFLE_STREAM + epoch) >>> 0);
    let lossSum = 0;
    let correct = 0;
    let lastYield = performance.now();
    for (let step = 0; step < steps && !model.stopTraining; step++) {
      const start = step * bs;
      const rows = Math.min(bs, train.rows - start);
      let xb = xs + start * train.width * 4;
      let tb = ts + start * per * 4;
      if (shuffled) {
        k.gather_rows(plan.x, xs, perm + start * 4, rows, train.width);
        k.gather_rows(plan.targets, ts, perm + start * 4, rows, per);
        xb = plan.x;
        tb = plan.targets;
      }
      const yp = model.forward(plan, xb, rows, true);
      let loss = model.lossOf(plan, yp, tb, rows, targets.sparse);
      if (!Number.isFinite(loss)) throw diverged('loss', loss, epoch, step, optimizer.currentLearningRate());
      if (model.metrics.length) correct += model.correctOf(yp, tb, rows, targets.sparse);
      k.fill(block.grads, block.size, 0);
      loss += model.backward(plan, rows);
      if (!k.all_finite(block.grads, block.size)) throw diverged('gradients', NaN, epoch, step, optimizer.currentLearningRate());
      loss += optimizer.apply(k, block, block.segments);
      lossSum += loss * rows;
      if (callbacks.length) {
        const pending = call(callbacks, 'onBatchEnd', step, { loss, size: rows });
        if (pending) await pending;
      }
      if (performance.now() - lastYield > YIELD_MS) {
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
    }
    const logs: Logs = { loss: lossSum / train.rows };
    if (model.metrics.length) logs.accuracy = correct / train.rows;
    if (valRows && valTargets) {
      const s: Scores = model.score(plan, vx, vt, valRows.rows, valRows.width, valTargets.sparse);
      logs.val_loss = s.loss;
      if (s.accuracy !== undefined) logs.val_accuracy = s.accuracy;
    }
    history.epoch.push(epoch);
    model.completedEpochs = epoch + 1;
    for (const [key, v] of Object.entries(logs)) (history.history[key] ??= []).push(v);
    await call(callbacks, 'onEpochEnd', epoch, logs);
  }
  await call(callbacks, 'onTrainEnd', {});
  if (model.restoreWeightsAfterFit) model.setWeightsWhileTraining(model.restoreWeightsAfterFit);
  return history;
}

function diverged(what: string, value: number, epoch: number, batch: number, lr: number): DivergenceError {
  return new DivergenceError(
    `fit: the ${what} became ${value} at epoch ${epoch}, batch ${batch} (learning rate ${lr} may be too high); ` +
      'the weights are those before this batch',
    epoch,
    batch,
  );
}

// Calls `name` on every callback; returns a promise only if one of them did.
function call(callbacks: Callback[], name: keyof Callback, ...args: unknown[]): Promise<unknown> | undefined {
  let pending: Promise<unknown>[] | undefined;
  for (const cb of callbacks) {
    const fn = cb[name] as ((...a: unknown[]) => unknown) | undefined;
    const r = fn?.apply(cb, args);
    if (r && typeof (r as Promise<unknown>).then === 'function') (pending ??= []).push(r as Promise<unknown>);
  }
  return pending && Promise.all(pending);
}

function checkFitArgs(args: FitArgs) {
  if (args === null || typeof args !== 'object') throw new ValueError(`fit: options must be an object, received ${String(args)}`);
  const epochs = args.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs <= 0) throw new ValueError(`fit: epochs must be a positive integer, received ${String(args.epochs)}`);
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new ValueError(`fit: initialEpoch must be an integer ≥ 0, received ${String(args.initialEpoch)}`);
  const vs = args.validationSplit ?? 0;
  if (!(vs >= 0 && vs < 1)) throw new ValueError(`fit: validationSplit must be in [0, 1), received ${String(args.validationSplit)}`);
  if (args.validationData !== undefined && (!Array.isArray(args.validationData) || args.validationData.length !== 2)) {
    throw new ValueError('fit: validationData must be [x, y]');
  }
  if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0 || args.seed > 0xffffffff)) {
    throw new ValueError(`fit: seed must be an integer in [0, 2^32), received ${String(args.seed)}`);
  }
  if (args.verbose !== undefined && args.verbose !== 0 && args.verbose !== 1) {
    throw new ValueError(`fit: verbose must be 0 or 1, received ${String(args.verbose)}`);
  }
  const callbacks = args.callbacks === undefined ? [] : Array.isArray(args.callbacks) ? args.callbacks : [args.callbacks];
  return {
    epochs,
    initialEpoch,
    batchSize: args.batchSize,
    shuffle: args.shuffle ?? true,
    seed: args.seed,
    validationSplit: vs,
    validationData: args.validationData,
    callbacks,
    verbose: args.verbose ?? 0,
  };
}
