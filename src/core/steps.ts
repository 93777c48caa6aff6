// One training step, cut into the work of `threads` threads. A minibatch is cut into
// chunks of session.chunkRows rows, taken in rounds of `threads`: in round r, thread t computes
// chunk r·threads + t, its gradient summed from zero in a block of its own (chunk 0 in the
// model's gradient block itself); then each thread adds that round's blocks, in chunk
// order, into its share of the model's gradients. So the gradient is always
//   ((g0 + g1) + g2) + …   in chunk order,
// whatever the thread count: one thread runs exactly this code with threads = 1. Then each
// thread applies the optimizer to its share. Workers and the main thread both run StepShare.
import type { Optimizer } from '../optimizers/optimizer.js';
import type { BatchPlan } from './plan.js';
import type { ChunkResult, Session, TrainData } from './session.js';

/** Where a minibatch is: the optimizer step, its first index in the epoch's order, its rows. */
export interface StepJob {
  step: number;
  start: number;
  rows: number;
}

export function roundsOf(s: Session, rows: number, threads: number): number {
  return Math.ceil(s.chunkCount(rows) / threads);
}

/** Thread t's share [lo, hi) of `size` parameters, cut at multiples of 16 floats. */
export function rangeOf(thread: number, threads: number, size: number): [number, number] {
  const per = Math.ceil(size / threads / 16) * 16;
  return [Math.min(size, thread * per), Math.min(size, (thread + 1) * per)];
}

/** Bytes between the per-thread gradient blocks. */
export function blockStride(size: number): number {
  return Math.ceil((size * 4) / 64) * 64;
}

export class StepShare {
  constructor(
    readonly session: Session,
    readonly plan: BatchPlan,
    readonly data: TrainData,
    /** The threads' gradient blocks: thread t's at scratch + t·stride. */
    readonly scratch: number,
    readonly thread: number,
  ) {}

  private get stride(): number {
    return blockStride(this.session.block.size);
  }

  /** The chunk this thread computes in `round`, or -1. */
  chunkOf(job: StepJob, threads: number, round: number): number {
    const c = round * threads + this.thread;
    return c < this.session.chunkCount(job.rows) ? c : -1;
  }

  compute(job: StepJob, threads: number, round: number): ChunkResult | undefined {
    const chunk = this.chunkOf(job, threads, round);
    if (chunk < 0) return undefined;
    const grads = chunk === 0 ? this.session.block.grads : this.scratch + this.thread * this.stride;
    return this.session.chunk(this.plan, this.data, job, chunk, grads);
  }

  /** Adds the round's chunk blocks into this thread's share of the gradients; 1 if that share is finite. */
  reduce(job: StepJob, threads: number, round: number): number {
    const { k, block } = this.session;
    const [lo, hi] = rangeOf(this.thread, threads, block.size);
    if (hi <= lo) return 1;
    const inRound = Math.min(threads, this.session.chunkCount(job.rows) - round * threads);
    const first = round === 0 ? 1 : 0; // chunk 0 is in the gradient block already
    return k.accumulate_blocks(
      block.grads + 4 * lo,
      this.scratch + first * this.stride + 4 * lo,
      inRound - first,
      this.stride,
      hi - lo,
    );
  }

  /**
   * The optimizer's update of this thread's share at learning rate lr (no step counted),
   * written into the session's other region (assembly/optimizers.ts): the live weights are
   * untouched until every thread's share is finite and the session flips to that region.
   */
  update(optimizer: Optimizer, threads: number, lr: number): { penalty: number; finite: boolean } {
    const { k, block, layout } = this.session;
    const [lo, hi] = rangeOf(this.thread, threads, block.size);
    const penalty = optimizer.applyRange(k, block, layout.segments, lo, hi, lr, block.other);
    return { penalty, finite: !Number.isNaN(penalty) };
  }
}

/**
 * The update on this thread alone; one that would make a parameter or slot non-finite is not
 * adopted, so the weights stay those before it. Counts the step only when it lands.
 */
export function updateAlone(share: StepShare, optimizer: Optimizer): { penalty: number; finite: boolean } {
  const r = share.update(optimizer, 1, optimizer.currentLearningRate());
  if (r.finite) {
    share.session.flip();
    optimizer.iterations++;
  }
  return r;
}

/** A whole step on this thread alone (threads = 1): the gradient in the model's block, chunk results in order. */
export function stepAlone(share: StepShare, job: StepJob): { results: ChunkResult[]; finite: boolean } {
  const results: ChunkResult[] = [];
  let finite = 1;
  for (let r = 0; r < roundsOf(share.session, job.rows, 1); r++) {
    results.push(share.compute(job, 1, r)!);
    finite = share.reduce(job, 1, r);
  }
  return { results, finite: finite === 1 };
}
