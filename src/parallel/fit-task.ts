// Whole models trained on worker threads, one model a thread: what Bagging's members do when
// there are threads to spare. The main thread sends each model (its bytes), its data and
// the fit's plain arguments; the worker trains it on one thread — the same code, kernels and
// bits as `fit` on the main thread with workers: 1 — and sends the bytes back.
import type { Sequential } from '../model.js';
import type { FitArgs, History } from '../fit-types.js';
import type { Tensor } from '../data.js';
import { modelFromBytes } from '../io/model-file.js';
import { kernelModule, type Build } from '../wasm.js';
import { WorkerError, quote } from '../errors.js';
import { fallback } from './threads.js';
import { sharedThreads } from './thread-host.js';

/** The fit arguments that travel to a worker (callbacks and signals do not). */
type PlainFitArgs = Pick<FitArgs, 'epochs' | 'initialEpoch' | 'batchSize' | 'shuffle' | 'seed' | 'validationSplit'>;

export interface FitTask {
  kind: 'fit';
  module: WebAssembly.Module;
  build: Build;
  model: Uint8Array;
  x: Float32Array;
  xShape: number[];
  y: Float32Array;
  yShape: number[];
  args: PlainFitArgs;
}

/**
 * Trains each (model, x, y) on a worker thread of its own, at most `threads` at a time; the
 * trained models (new objects) and histories in order, or undefined (after one warning) where
 * worker threads are unavailable.
 */
export async function fitOnThreads(
  jobs: { model: Sequential; x: Tensor; y: Tensor }[],
  args: FitArgs,
  threads: number,
): Promise<{ models: Sequential[]; histories: History[] } | undefined> {
  let host: Awaited<ReturnType<typeof sharedThreads>>;
  try {
    host = await sharedThreads(undefined);
  } catch (e) {
    return fallback(`worker threads are unavailable (${quote((e as Error).message)})`);
  }
  const { module, build } = kernelModule();
  const plain: PlainFitArgs = {
    epochs: args.epochs,
    initialEpoch: args.initialEpoch,
    batchSize: args.batchSize,
    shuffle: args.shuffle,
    seed: args.seed,
    validationSplit: args.validationSplit,
  };
  const results: { model: Uint8Array; history: History }[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const { model, x, y } = jobs[i];
      if (!model.layers.every((l) => l.built)) model.build(x.shape.slice(1));
      const task: FitTask = {
        kind: 'fit',
        module,
        build,
        model: model.toBytes(),
        ...{ x: x.data, xShape: x.shape, y: y.data, yShape: y.shape },
        args: plain,
      };
      try {
        results[i] = (await host.run(task)) as (typeof results)[number];
      } catch (e) {
        throw new WorkerError(`fit of model ${i} on a worker thread failed: ${(e as Error).message}`, 0, 0);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(threads, jobs.length) }, lane));
  return {
    models: results.map((r, i) => modelFromBytes(r.model, `model ${i}`)),
    histories: results.map((r) => r.history),
  };
}
