// What the main thread writes into shared memory for the workers of one fit: enough to
// build the same Session on the same memory (core/session.ts) and find the step's data.
import type { Block, Session, TrainData } from '../core/session.js';
import { planBytes } from '../core/plan.js';
import { backendInfo, type Build } from '../wasm.js';
import { CONTROL_WORDS, resultsLayout } from './control.js';
import type { Arena } from '../memory.js';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Fault } from '../fit-types.js';

export interface SessionConfig {
  /** The kernel build of the main thread: every thread must compute the same bits. */
  build: Build;
  layers: { className: string; config: Record<string, unknown> }[];
  inputShape: number[];
  loss: { className: string; config: Record<string, unknown> };
  optimizer: { className: string; config: Record<string, unknown> };
  seed: number;
  block: Block;
  data: TrainData;
  /** The threads' gradient blocks (core/steps.ts). */
  scratch: number;
  /** Control words, and per-chunk results (resultsLayout(chunks, threads)). */
  control: number;
  results: number;
  chunks: number;
  threads: number;
  /** Batch buffers of worker w (1-based): regions[w − 1]. */
  regions: { start: number; bytes: number }[];
}

export interface Task {
  kind: 'serve' | 'selftest';
  memory: WebAssembly.Memory;
  /** The main thread's compiled kernels and their build: every thread runs the same. */
  module: WebAssembly.Module;
  build: Build;
  configPtr: number;
  configLength: number;
  /** serve: this worker's thread number (1 … threads − 1), and the control block's SEQ when it started. */
  thread?: number;
  seq?: number;
  fault?: Fault;
  probe?: number;
  slot?: number;
}

/** A set of threads that run tasks (a piscina pool, or the browser's Web Workers). */
export interface Threads {
  run(task: unknown): Promise<unknown>;
  destroy(): Promise<void>;
  on(event: 'error', listener: (e: Error) => void): void;
  off(event: 'error', listener: (e: Error) => void): void;
}

/** What a pool is started for: the fit's data, the threads' gradient blocks, the thread count. */
export interface PoolJob {
  data: TrainData;
  scratch: number;
  threads: number;
  batchSize: number;
}

/** What the pool reads of the model. */
export interface PoolModel {
  readonly arena: Arena;
  readonly seed: number;
  readonly layers: readonly Layer[];
  readonly loss?: Loss;
  readonly optimizer?: Optimizer;
}

/** Reserves the workers' buffers, control block and results in the arena and writes the description there. */
export function writeSessionConfig(model: PoolModel, s: Session, job: PoolJob) {
  const { arena } = model;
  const { threads } = job;
  const chunks = s.chunkCount(job.batchSize);
  const bytes = planBytes(s, s.chunkRows);
  const control = arena.alloc(CONTROL_WORDS, 'worker control');
  const at = resultsLayout(chunks, threads);
  const results = arena.alloc(at.doubles * 2, 'chunk results');
  const regions = Array.from({ length: threads - 1 }, (_, w) => ({
    start: arena.alloc(bytes / 4, `worker ${w + 1} buffers`),
    bytes,
  }));
  const spec = (o: { className: string; getConfig(): Record<string, unknown> }) => ({
    className: o.className,
    config: o.getConfig(),
  });
  const config: SessionConfig = {
    build: backendInfo().build,
    layers: model.layers.map(spec),
    inputShape: s.layers[0].inputShape,
    loss: spec(model.loss!),
    optimizer: spec(model.optimizer!),
    seed: model.seed,
    block: lowerRegion(s.block), // the live one travels in the control block (core/session.ts)
    data: job.data,
    scratch: job.scratch,
    control,
    results,
    chunks,
    threads,
    regions,
  };
  const text = JSON.stringify(config);
  const json = new TextEncoder().encode(text);
  const configPtr = arena.alloc(Math.ceil(json.length / 4), 'worker session');
  new Uint8Array(arena.memory.buffer, configPtr, json.length).set(json);
  return { control, results, at, configPtr, json, text };
}

export interface PoolOptions {
  /** Milliseconds a step may take before its workers are considered hung; default 60,000. */
  stepTimeout?: number;
  /** Test hook: make a worker fail at a given step and chunk. */
  fault?: Fault;
  /** Heap limit of each worker in MiB (worker resourceLimits). */
  workerHeapMb?: number;
}

// The block with its lower region as the live one: the same text whichever region is live, so
// that a later fit of the same model reuses its serving threads.
function lowerRegion(b: Block): Block {
  return b.other >= 0 ? { ...b } : { ...b, params: b.params + b.other, slots: b.slots + b.other, other: -b.other };
}
