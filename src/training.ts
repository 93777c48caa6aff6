// The training loop: gradient descent over minibatches (batchSize n), the whole set
// ('full') or single samples (1), with the model's seeded shuffle each epoch.
// Per step: gather rows → forward → loss → zero gradients → backward → check → update.
// Nothing is allocated and no weights cross the JS/WASM boundary inside the loop.
import type { Sequential, Scores } from './model.js';
import { batchSizeOf, SHUFFLE_STREAM } from './model.js';
import type { Input, Matrix, Targets } from './data.js';
import { DivergenceError, ValueError, AbortedError, StateError } from './errors.js';
import type { BatchPlan, ParamBlock } from './plan.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { CHUNK_ROWS, chunkCount, trainChunk, type ChunkResult, type TrainData } from './parallel/chunk.js';
import { TrainingPool, resolveWorkers, type WorkersOption, type PoolOptions } from './parallel/pool.js';

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
  /** Worker threads computing each minibatch ('auto': one per core); default 1 (the main thread). */
  workers?: WorkersOption;
  /** Stops fit before the next minibatch; fit then rejects with an AbortedError. */
  signal?: AbortSignal;
  /** Milliseconds a step may take on the workers before they count as hung; default 60,000. */
  stepTimeout?: number;
  /** Test hook: make a worker fail at a given step and chunk (see parallel/worker.ts). */
  faultInjection?: PoolOptions['fault'];
  /** Heap limit of each worker thread in MiB. */
  workerHeapMb?: number;
}

// Between steps: stop on abort or dispose, leaving the weights of the last completed step.
function checkRunning(model: Sequential, signal: AbortSignal | undefined, epoch: number, batch: number): void {
  if (signal?.aborted) throw new AbortedError(`fit: aborted before epoch ${epoch}, batch ${batch}; the weights are those of the last completed step`);
  if (model.disposed) throw new StateError(`fit: the model was disposed during epoch ${epoch}, batch ${batch}`);
}

/** What fit returns: per-epoch values of loss, accuracy, val_loss, val_accuracy. */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}

const YIELD_MS = 50; // give timers (progress bar, signals) a turn this often

export async function fit(model: Sequential, x: Input, y: Input, args: FitArgs): Promise<History> {
  model.requireCompiled('fit');
  const opts = checkFitArgs(args, model);
  let train = model.inputRows(x, 'fit: x');
  let targets = model.targetRows(y, train.rows, 'fit: y');
  let val: { x: Input; y: Input } | undefined;
  let valRow0 = 0; // where validationSplit's rows start in x, for error messages
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
    valRow0 = split;
    targets = { ...targets, data: targets.data.subarray(0, split * per), rows: split } as typeof targets;
  }
  const valRows = val ? model.inputRows(val.x, 'fit: validationData x') : undefined;
  const valTargets = val && valRows ? model.targetRows(val.y, valRows.rows, 'fit: validationData y') : undefined;

  const bs = batchSizeOf(opts.batchSize, train.rows, 'fit');
  const plan = model.planBatches(CHUNK_ROWS); // buffers for one chunk; a step runs its chunks in order
  const perm = model.arena.alloc(train.rows, 'shuffle order');
  const shuffled = opts.shuffle && bs < train.rows;
  const data: TrainData = {
    xs: model.stageInput(train, 'fit: x', 'training inputs'),
    ts: model.stage(targets.data, 'training targets'),
    perm: shuffled ? perm : 0,
    width: train.width,
    per: targets.sparse ? 1 : model.outputUnits,
    sparse: targets.sparse,
  };
  const vx = valRows ? model.stageInput(valRows, opts.validationData ? 'fit: validationData x' : 'fit: x', 'validation inputs', valRow0) : 0;
  const vt = valTargets ? model.stage(valTargets.data, 'validation targets') : 0;
  const block = model.paramBlock;
  const optimizer = model.optimizer!;
  const threads = Math.min(opts.workers, chunkCount(bs));
  const pool = threads > 1 ? await TrainingPool.acquire(model, data, bs, threads, opts.pool, model.pool) : undefined;
  if (pool) model.pool = pool;
  try {
    return await epochs(model, opts, { train, data, valRows, valTargets, vx, vt, bs, plan, pool, block, optimizer, perm });
  } finally {
    await pool?.stop(); // threads stay for the next fit; dispose() ends them
  }
}

interface Run {
  train: Matrix;
  data: TrainData;
  valRows?: Matrix;
  valTargets?: Targets;
  vx: number;
  vt: number;
  bs: number;
  plan: BatchPlan;
  pool?: TrainingPool;
  block: ParamBlock;
  optimizer: Optimizer;
  perm: number;
}

async function epochs(model: Sequential, opts: ReturnType<typeof checkFitArgs>, run: Run): Promise<History> {
  const { train, data, bs, block, optimizer } = run;
  const { k } = model.arena;
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
    if (data.perm) k.random_permutation(data.perm, train.rows, seed, (SHUFFLE_STREAM + epoch) >>> 0);
    let lossSum = 0;
    let correct = 0;
    let lastYield = performance.now();
    for (let step = 0; step < steps && !model.stopTraining; step++) {
      checkRunning(model, opts.signal, epoch, step);
      const start = step * bs;
      const rows = Math.min(bs, train.rows - start);
      const job = { step: optimizer.iterations, start, rows };
      const chunks = chunkCount(rows);
      const parallel = run.pool && chunks > 1 ? run.pool : undefined;
      let results: ChunkResult[];
      let finite: boolean;
      if (parallel) {
        ({ results, finite } = await parallel.compute(job, run.plan, data, epoch, step));
      } else {
        k.fill(block.grads, block.size, 0);
        results = [];
        for (let chunk = 0; chunk < chunks; chunk++) results.push(trainChunk(model, run.plan, data, { ...job, chunk }));
        finite = k.all_finite(block.grads, block.size) === 1;
      }
      let loss = 0;
      let penalty = 0;
      for (const r of results) {
        loss += r.loss;
        penalty += r.penalty;
        correct += r.correct;
      }
      if (!Number.isFinite(loss)) throw diverged('loss', loss, epoch, step, optimizer.currentLearningRate());
      if (!finite) throw diverged('gradients', NaN, epoch, step, optimizer.currentLearningRate());
      checkRunning(model, opts.signal, epoch, step);
      loss += penalty + (parallel ? await parallel.update(optimizer, epoch, step) : optimizer.apply(k, block, block.segments));
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
    if (run.valRows && run.valTargets) {
      const s: Scores = model.score(run.plan, run.vx, run.vt, run.valRows.rows, run.valRows.width, run.valTargets.sparse);
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

function checkFitArgs(args: FitArgs, model: Sequential) {
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
    workers: resolveWorkers(args.workers ?? model.workers),
    signal: args.signal,
    pool: { stepTimeout: args.stepTimeout, fault: args.faultInjection, workerHeapMb: args.workerHeapMb } as PoolOptions,
  };
}
