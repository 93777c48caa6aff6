// The training loop: gradient descent over minibatches (batchSize n), the whole set
// ('full') or single samples (1), with the model's seeded shuffle each epoch.
// Per step: the StepShare of core/steps.ts on this thread alone, or on every thread of the
// pool (same code, same chunk order, same bits) → check → update. Nothing is allocated
// and no weights cross the JS/WASM boundary inside the loop.
import type { Arena } from './memory.js';
import type { Session, ChunkResult, TrainData } from './core/session.js';
import { StepShare, stepAlone, updateAlone, blockStride, type Pending, type StepJob } from './core/steps.js';
import { inputRows, targetRows, stage, stageInput } from './core/stage.js';
import type { Loss } from './losses.js';
import type { Layer } from './layers/layer.js';
import type { Optimizer } from './optimizers/optimizer.js';
import type { Input, Matrix, Targets, Tensor } from './data.js';
import type { Callback, CallbackModel, FitArgs, History, Logs } from './fit-types.js';
import { DivergenceError, ValueError, AbortedError, StateError } from './errors.js';
import { batchSizeOf, setWeights } from './batches.js';
import { SHUFFLE_STREAM } from './random.js';
import { TrainingPool } from './parallel/pool.js';
import { resolveWorkers } from './parallel/threads.js';
import { checkFitArgs, type FitOptions } from './fit-args.js';

/** What fit needs of the model (a Sequential). */
export interface FitHost extends CallbackModel {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly loss?: Loss;
  readonly seed: number;
  readonly metrics: string[];
  readonly arena: Arena;
  readonly disposed: boolean;
  workers: number | 'auto';
  completedEpochs: number;
  pool?: TrainingPool;
  keepPool(pool: TrainingPool): void;
  restoreWeightsAfterFit?: Tensor[];
  sessionFor(x: Input | undefined, what: string): Session;
  requireCompiled(what: string): { loss: Loss; optimizer: Optimizer };
}

const YIELD_MS = 50; // give timers (progress bar, signals) a turn this often
const yieldTurn = (r: (v?: unknown) => void) =>
  void (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0));

// Between steps: stop on abort or dispose, leaving the weights of the last completed step.
function checkRunning(model: FitHost, signal: AbortSignal | undefined, epoch: number, batch: number): void {
  if (signal?.aborted)
    throw new AbortedError(
      `fit: aborted before epoch ${epoch}, batch ${batch}; the weights are those of the last completed step`,
    );
  if (model.disposed) throw new StateError(`fit: the model was disposed during epoch ${epoch}, batch ${batch}`);
}

interface Run {
  session: Session;
  train: Matrix;
  data: TrainData;
  val?: { rows: Matrix; targets: Targets; x: number; t: number };
  bs: number;
  share: StepShare;
  pool?: TrainingPool;
  optimizer: Optimizer;
}

export async function fit(model: FitHost, x: Input, y: Input, args: FitArgs): Promise<History> {
  const { loss, optimizer } = model.requireCompiled('fit');
  const opts = checkFitArgs(args, resolveWorkers(args?.workers ?? model.workers));
  const session = model.sessionFor(x, 'fit: x');
  session.refreshTrainable();
  const { arena } = model;
  let train = inputRows(session, x, 'fit: x');
  let targets = targetRows(session, loss, y, train.rows, 'fit: y');
  const per = session.targetWidth(targets.sparse);
  let valX: Matrix | undefined;
  let valT: Targets | undefined;
  let valRow0 = 0; // where validationSplit's rows start in x, for error messages
  if (opts.validationData) {
    valX = inputRows(session, opts.validationData[0], 'fit: validationData x');
    valT = targetRows(session, loss, opts.validationData[1], valX.rows, 'fit: validationData y');
  } else if (opts.validationSplit > 0) {
    const split = Math.floor(train.rows * (1 - opts.validationSplit));
    if (split === 0 || split === train.rows) {
      throw new ValueError(
        `fit: validationSplit ${opts.validationSplit} of ${train.rows} samples leaves an empty training or ` +
          `validation set`,
      );
    }
    valX = { ...train, data: train.data.subarray(split * train.width), rows: train.rows - split };
    valT = { ...targets, data: targets.data.subarray(split * per), rows: train.rows - split } as Targets;
    train = { ...train, data: train.data.subarray(0, split * train.width), rows: split };
    targets = { ...targets, data: targets.data.subarray(0, split * per), rows: split } as Targets;
    valRow0 = split;
  }
  const bs = batchSizeOf(opts.batchSize, train.rows, 'fit');
  const plan = session.plan(arena, session.chunkRows); // buffers for one chunk; a step runs its chunks in rounds
  const perm = arena.alloc(train.rows, 'shuffle order');
  const threads = Math.min(opts.workers, session.chunkCount(bs));
  const scratch = arena.alloc((blockStride(session.block.size) / 4) * threads, 'chunk gradients');
  const data: TrainData = {
    xs: stageInput(arena, train, 'fit: x', 'training inputs'),
    ts: stage(arena, targets.data, 'training targets'),
    perm: opts.shuffle && bs < train.rows ? perm : 0,
    width: train.width,
    per,
    sparse: targets.sparse,
  };
  const val =
    valX && valT
      ? {
          rows: valX,
          targets: valT,
          x: stageInput(
            arena,
            valX,
            opts.validationData ? 'fit: validationData x' : 'fit: x',
            'validation inputs',
            valRow0,
          ),
          t: stage(arena, valT.data, 'validation targets'),
        }
      : undefined;
  const share = new StepShare(session, plan, data, scratch, 0);
  const pool =
    threads > 1
      ? await TrainingPool.acquire(model, session, { data, scratch, threads, batchSize: bs }, opts.pool, model.pool)
      : undefined;
  if (pool) model.keepPool(pool);
  try {
    return await epochs(model, opts, { session, train, data, val, bs, share, pool, optimizer });
  } finally {
    await pool?.stop(); // threads stay for the next fit; dispose() ends them
  }
}

// One minibatch on the pool's threads, or on this one; the same bits either way. Its last round
// of chunk gradients is left for the update to add (Pending, core/steps.ts).
async function step(
  run: Run,
  job: StepJob,
  epoch: number,
  batch: number,
): Promise<{ results: ChunkResult[]; finite: boolean; pending?: Pending }> {
  const { pool, share } = run;
  if (!pool || share.session.chunkCount(job.rows) === 1) return stepAlone(share, job, true);
  return pool.step(share, job, epoch, batch, true);
}

// The update; one that would make a weight or optimizer slot non-finite is undone and ends fit,
// named after its cause: the gradient, or the update itself.
async function update(run: Run, epoch: number, batch: number, pending?: Pending): Promise<number> {
  const { pool, share, optimizer } = run;
  const lr = optimizer.currentLearningRate();
  const r = pool ? await pool.update(share, optimizer, epoch, batch, pending) : updateAlone(share, optimizer, pending);
  if (r.finite) return r.penalty;
  if (!share.gradientFinite(pool?.threads ?? 1, pending)) throw diverged('gradients', NaN, epoch, batch, lr);
  throw diverged('update', NaN, epoch, batch, lr, 'would make weights non-finite; it was undone');
}

async function epochs(model: FitHost, opts: FitOptions, run: Run): Promise<History> {
  const { train, data, bs, optimizer, session } = run;
  const { k } = session;
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
    for (let b = 0; b < steps && !model.stopTraining; b++) {
      checkRunning(model, opts.signal, epoch, b);
      const start = b * bs;
      const rows = Math.min(bs, train.rows - start);
      const { results, finite, pending } = await step(run, { step: optimizer.iterations, start, rows }, epoch, b);
      let loss = 0;
      let penalty = 0;
      for (const r of results) {
        loss += r.loss;
        penalty += r.penalty;
        correct += r.correct;
      }
      if (!Number.isFinite(loss)) throw diverged('loss', loss, epoch, b, optimizer.currentLearningRate());
      if (!finite) throw diverged('gradients', NaN, epoch, b, optimizer.currentLearningRate());
      checkRunning(model, opts.signal, epoch, b);
      loss += penalty + (await update(run, epoch, b, pending));
      lossSum += loss * rows;
      if (callbacks.length) {
        const pending = call(callbacks, 'onBatchEnd', b, { loss, size: rows });
        if (pending) await pending;
      }
      if (performance.now() - lastYield > YIELD_MS) {
        await new Promise(yieldTurn);
        lastYield = performance.now();
      }
    }
    const logs: Logs = { loss: lossSum / train.rows };
    if (model.metrics.length) logs.accuracy = correct / train.rows;
    if (run.val) {
      const s = session.score(
        run.share.plan,
        run.val.x,
        run.val.t,
        run.val.rows.rows,
        run.val.targets.sparse,
        optimizer.iterations,
        true,
      );
      logs.val_loss = s.loss;
      if (model.metrics.length) logs.val_accuracy = s.correct / run.val.rows.rows;
    }
    history.epoch.push(epoch);
    model.completedEpochs = epoch + 1;
    for (const [key, v] of Object.entries(logs)) (history.history[key] ??= []).push(v);
    await call(callbacks, 'onEpochEnd', epoch, logs);
  }
  await call(callbacks, 'onTrainEnd', {});
  if (model.restoreWeightsAfterFit) setWeights(model, session, model.restoreWeightsAfterFit);
  return history;
}

function diverged(what: string, value: number, epoch: number, batch: number, lr: number, how = `became ${value}`) {
  return new DivergenceError(
    `fit: the ${what} ${how} at epoch ${epoch}, batch ${batch} (learning rate ${lr} may be too high); ` +
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
