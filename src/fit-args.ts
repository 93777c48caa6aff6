// fit's options, checked before anything is staged or trained.
import type { Callback, FitArgs } from './fit-types.js';
import type { PoolOptions } from './parallel/session-config.js';
import { ValueError, quote } from './errors.js';

export type FitOptions = ReturnType<typeof checkFitArgs>;

function checkUint32(v: unknown, name: string): void {
  if (v !== undefined && (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 0xffffffff)) {
    throw new ValueError(`fit: ${name} must be an integer in [0, 2^32), received ${quote(v)}`);
  }
}

function positiveOption(v: unknown, name: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const ok = typeof v === 'number' && Number.isFinite(v) && v > 0 && (!integer || Number.isInteger(v));
  if (!ok)
    throw new ValueError(`fit: ${name} must be a positive ${integer ? 'integer' : 'number'}, received ${quote(v)}`);
  return v as number;
}

export function checkFitArgs(args: FitArgs, workers: number) {
  if (args === null || typeof args !== 'object')
    throw new ValueError(`fit: options must be an object, received ${quote(args)}`);
  const epochs = args.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs <= 0)
    throw new ValueError(`fit: epochs must be a positive integer, received ${quote(args.epochs)}`);
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) {
    throw new ValueError(`fit: initialEpoch must be an integer ≥ 0, received ${quote(args.initialEpoch)}`);
  }
  if (epochs <= initialEpoch) {
    throw new ValueError(
      `fit: epochs (${epochs}) must be greater than initialEpoch (${initialEpoch}): epochs is the index of the ` +
        `last epoch, as in Keras`,
    );
  }
  const vs = args.validationSplit ?? 0;
  if (!(vs >= 0 && vs < 1))
    throw new ValueError(`fit: validationSplit must be in [0, 1), received ${quote(args.validationSplit)}`);
  if (args.validationData !== undefined && (!Array.isArray(args.validationData) || args.validationData.length !== 2)) {
    throw new ValueError('fit: validationData must be [x, y]');
  }
  checkUint32(args.seed, 'seed');
  if (args.verbose !== undefined && args.verbose !== 0 && args.verbose !== 1) {
    throw new ValueError(`fit: verbose must be 0 or 1, received ${quote(args.verbose)}`);
  }
  const callbacks: Callback[] =
    args.callbacks === undefined ? [] : Array.isArray(args.callbacks) ? args.callbacks : [args.callbacks];
  const pool: PoolOptions = {
    stepTimeout: positiveOption(args.stepTimeout, 'stepTimeout', false),
    workerHeapMb: positiveOption(args.workerHeapMb, 'workerHeapMb', true),
    fault: args.faultInjection,
  };
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
    workers,
    signal: args.signal,
    pool,
  };
}
