// Training callbacks with Keras semantics (keras/src/callbacks/): stop early when a
// monitored value stops improving, or cut the learning rate on a plateau.
import type { Callback, CallbackModel, Logs } from './fit-types.js';
import type { Tensor } from './data.js';
import { ValueError } from './errors.js';

export interface MonitorArgs {
  /** Logged value to watch; default 'val_loss'. */
  monitor?: string;
  /** 'min', 'max', or 'auto' (max for names with 'acc', else min). */
  mode?: 'min' | 'max' | 'auto';
  /** Smallest change that counts as an improvement. */
  minDelta?: number;
  /** Epochs without improvement to wait. */
  patience?: number;
}

// Tracks the best value of `monitor`; improved() is Keras's monitor_op with min_delta.
function tracker(args: MonitorArgs, defaults: { minDelta: number; patience: number }, what: string) {
  const monitor = args.monitor ?? 'val_loss';
  const mode = args.mode ?? 'auto';
  if (!['min', 'max', 'auto'].includes(mode))
    throw new ValueError(`${what}: mode must be 'min', 'max' or 'auto', received ${mode}`);
  const patience = args.patience ?? defaults.patience;
  if (!Number.isInteger(patience) || patience < 0)
    throw new ValueError(`${what}: patience must be an integer ≥ 0, received ${patience}`);
  const minDelta = Math.abs(args.minDelta ?? defaults.minDelta);
  const maximize = mode === 'max' || (mode === 'auto' && monitor.includes('acc'));
  return {
    monitor,
    patience,
    best: maximize ? -Infinity : Infinity,
    wait: 0,
    improved(v: number): boolean {
      return maximize ? v - minDelta > this.best : v + minDelta < this.best;
    },
    read(logs: Logs): number {
      const v = logs[monitor];
      if (v === undefined)
        throw new ValueError(
          `${what}: monitored value '${monitor}' is not logged; logged: ${Object.keys(logs).join(', ')}`,
        );
      return v;
    },
  };
}

export interface EarlyStoppingArgs extends MonitorArgs {
  /** Put back the weights of the best epoch when stopping; default false. */
  restoreBestWeights?: boolean;
}

/** Stops fit after `patience` epochs without improvement (defaults: val_loss, patience 0). */
export function earlyStopping(args: EarlyStoppingArgs = {}): Callback & { stoppedEpoch: number } {
  const t = tracker(args, { minDelta: 0, patience: 0 }, 'earlyStopping');
  let model: CallbackModel | undefined;
  let bestWeights: Tensor[] | undefined;
  return {
    stoppedEpoch: -1,
    setModel(m: CallbackModel) {
      model = m;
    },
    onTrainBegin() {
      t.wait = 0;
      t.best = t.improved(Infinity) ? -Infinity : Infinity;
      bestWeights = undefined;
      this.stoppedEpoch = -1;
    },
    onEpochEnd(epoch: number, logs: Logs) {
      const v = t.read(logs);
      if (args.restoreBestWeights && !bestWeights) bestWeights = model!.getWeights();
      t.wait++;
      if (t.improved(v)) {
        t.best = v;
        t.wait = 0;
        if (args.restoreBestWeights) bestWeights = model!.getWeights();
        return;
      }
      if (t.wait >= t.patience && epoch > 0) {
        this.stoppedEpoch = epoch;
        model!.stopTraining = true;
        if (bestWeights) model!.restoreWeightsAfterFit = bestWeights;
      }
    },
  };
}

export interface ReduceLROnPlateauArgs extends MonitorArgs {
  /** New rate = rate·factor; default 0.1. */
  factor?: number;
  /** Epochs to wait after a cut before counting again; default 0. */
  cooldown?: number;
  /** Lower bound of the rate; default 0. */
  minLr?: number;
}

/** Multiplies the learning rate by `factor` after `patience` epochs without improvement (default 10). */
export function reduceLROnPlateau(args: ReduceLROnPlateauArgs = {}): Callback {
  const t = tracker(args, { minDelta: 1e-4, patience: 10 }, 'reduceLROnPlateau');
  const factor = args.factor ?? 0.1;
  if (!(factor > 0 && factor < 1))
    throw new ValueError(`reduceLROnPlateau: factor must be in (0, 1), received ${factor}`);
  const cooldown = args.cooldown ?? 0;
  const minLr = args.minLr ?? 0;
  let model: CallbackModel | undefined;
  let cooling = 0;
  return {
    setModel(m: CallbackModel) {
      model = m;
    },
    onTrainBegin() {
      t.wait = 0;
      cooling = 0;
      t.best = t.improved(Infinity) ? -Infinity : Infinity;
      if (typeof model!.optimizer!.learningRate !== 'number') {
        throw new ValueError(
          'reduceLROnPlateau: the optimizer uses a learning-rate schedule; use a fixed learning rate',
        );
      }
    },
    onEpochEnd(_epoch: number, logs: Logs) {
      const v = t.read(logs);
      if (cooling > 0) {
        cooling--;
        t.wait = 0;
      }
      if (t.improved(v)) {
        t.best = v;
        t.wait = 0;
      } else if (cooling === 0 && ++t.wait >= t.patience) {
        const opt = model!.optimizer!;
        const lr = opt.learningRate as number;
        if (lr > minLr) opt.learningRate = Math.max(lr * factor, minLr);
        cooling = cooldown;
        t.wait = 0;
      }
    },
  };
}
