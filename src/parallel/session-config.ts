// What the main thread writes into shared memory for the workers of one fit: enough to
// build the same Session on the same memory (core/session.ts) and find the step's data.
import type { Block, TrainData } from '../core/session.js';
import type { Fault } from '../fit-types.js';

export interface SessionConfig {
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
  configPtr: number;
  configLength: number;
  /** serve: this worker's thread number (1 … threads − 1), and the control block's SEQ when it started. */
  thread?: number;
  seq?: number;
  fault?: Fault;
  probe?: number;
  slot?: number;
}
