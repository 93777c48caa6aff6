// A minibatch is computed in chunks of CHUNK_ROWS rows, always: on the main thread one
// after the other, or spread over threads. Each chunk's gradient is summed from zero and
// the chunks are added in chunk order, so the weights after a step are bit-identical
// whatever the number of threads (and whichever thread finished first). 64 rows: smaller
// chunks cost ~10 % in repeated weight packing; larger ones leave a core idle at batch 128.
import type { Net } from '../net.js';
import * as net from '../net.js';
import type { BatchPlan } from '../plan.js';

export const CHUNK_ROWS = 64;

/** The training set in the arena. */
export interface TrainData {
  xs: number;
  ts: number;
  /** The epoch's row order (i32), or 0 when rows are taken in order. */
  perm: number;
  width: number;
  /** Target values per row: 1 for class indices. */
  per: number;
  sparse: boolean;
}

/** One chunk of one step. */
export interface ChunkJob {
  step: number;
  /** Index (into the epoch's order) of the minibatch's first row. */
  start: number;
  /** Rows in the minibatch. */
  rows: number;
  chunk: number;
}

export interface ChunkResult {
  /** The chunk's share of the batch-mean data loss. */
  loss: number;
  /** Activity-regularizer penalty of the chunk's rows. */
  penalty: number;
  correct: number;
}

export function chunkCount(rows: number): number {
  return Math.ceil(rows / CHUNK_ROWS);
}

/** Forward, loss and backward for one chunk; gradients accumulate at the layers' param.grad. */
export function trainChunk(n: Net, plan: BatchPlan, data: TrainData, job: ChunkJob): ChunkResult {
  const row0 = job.chunk * CHUNK_ROWS;
  const rows = Math.min(CHUNK_ROWS, job.rows - row0);
  let x = data.xs + (job.start + row0) * data.width * 4;
  let t = data.ts + (job.start + row0) * data.per * 4;
  if (data.perm) {
    const order = data.perm + (job.start + row0) * 4;
    n.k.gather_rows(plan.x, data.xs, order, rows, data.width);
    n.k.gather_rows(plan.targets, data.ts, order, rows, data.per);
    x = plan.x;
    t = plan.targets;
  }
  const y = net.forward(n, plan, x, rows, true, job.step, row0);
  const loss = net.lossOf(n, plan, y, t, rows, job.rows, data.sparse);
  const correct = net.correctOf(n, y, t, rows, data.sparse);
  const penalty = net.backward(n, plan, rows, job.step, row0);
  return { loss, penalty, correct };
}
