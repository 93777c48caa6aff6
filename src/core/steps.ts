// One training step, cut into the work of `threads` threads. A minibatch is cut into
// chunks of session.chunkRows rows, taken in rounds of `threads`: in round r, thread t computes
// chunk r·threads + t, its gradient summed from zero in a block of its own (chunk 0 in the
// model's gradient block itself); then each thread adds that round's blocks, in chunk
// order, into its share of the model's gradients. So the gradient is always
//   ((g0 + g1) + g2) + …   in chunk order,
// whatever the thread count: one thread runs exactly this code with threads = 1. Then each
// thread applies the optimizer to its share. In training the last round is not reduced on its
// own: the update adds its blocks as it reads the gradient (Pending; same sums, same order),
// which spares a pass over the gradients and, on threads, a round trip. Workers and the main
// thread both run StepShare.
import type { Optimizer } from '../optimizers/optimizer.js';
import type { BatchPlan } from './plan.js';
import type { ChunkResult, Session, TrainData } from './session.js';

/** Where a minibatch is: the optimizer step, its first index in the epoch's order, its rows. */
export interface StepJob {
  step: number;
  start: number;
  rows: number;
}

/** A step whose last round's chunk blocks are still to be added: the update adds them. */
export interface Pending {
  job: StepJob;
  round: number;
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
    const [at, count] = this.roundBlocks(job, threads, round);
    return k.accumulate_blocks(block.grads + 4 * lo, at + 4 * lo, count, this.stride, hi - lo);
  }

  // Where the round's blocks that reduce() adds are, and how many: [first byte, count].
  private roundBlocks(job: StepJob, threads: number, round: number): [number, number] {
    const inRound = Math.min(threads, this.session.chunkCount(job.rows) - round * threads);
    const first = round === 0 ? 1 : 0; // chunk 0 is in the gradient block already
    return [this.scratch + first * this.stride, inRound - first];
  }

  /**
   * The optimizer's update of this thread's share at learning rate lr (no step counted),
   * written into the session's other region (assembly/optimizers.ts): the live weights are
   * untouched until every thread's share is finite and the session flips to that region.
   * With `pending`, the gradient is completed by adding that round's blocks on the way.
   */
  update(optimizer: Optimizer, threads: number, lr: number, pending?: Pending): { penalty: number; finite: boolean } {
    const { k, block, layout } = this.session;
    const [lo, hi] = rangeOf(this.thread, threads, block.size);
    const [at, count] = pending ? this.roundBlocks(pending.job, threads, pending.round) : [0, 0];
    k.gradient_adds(at - block.grads, count, this.stride);
    try {
      const penalty = optimizer.applyRange(k, block, layout.segments, lo, hi, lr, block.other);
      return { penalty, finite: !Number.isNaN(penalty) };
    } finally {
      k.gradient_adds(0, 0, 0);
    }
  }

  /** After an update that was not finite: whether the gradient it used was (adds the pending round on this thread). */
  gradientFinite(threads: number, pending?: Pending): boolean {
    const { k, block } = this.session;
    const [at, count] = pending ? this.roundBlocks(pending.job, threads, pending.round) : [0, 0];
    return k.accumulate_blocks(block.grads, at, count, this.stride, block.size) === 1;
  }
}

/**
 * The update on this thread alone; one that would make a parameter or slot non-finite is not
 * adopted, so the weights stay those before it. Counts the step only when it lands.
 */
export function updateAlone(
  share: StepShare,
  optimizer: Optimizer,
  pending?: Pending,
): { penalty: number; finite: boolean } {
  const r = share.update(optimizer, 1, optimizer.currentLearningRate(), pending);
  if (r.finite) {
    share.session.flip();
    optimizer.iterations++;
  }
  return r;
}

/**
 * A whole step on this thread alone (threads = 1): the gradient in the model's block, chunk
 * results in order. With `leaveLast`, the last round is left for the update (`pending`).
 */
export function stepAlone(
  share: StepShare,
  job: StepJob,
  leaveLast = false,
): { results: ChunkResult[]; finite: boolean; pending?: Pending } {
  const results: ChunkResult[] = [];
  let finite = 1;
  const rounds = roundsOf(share.session, job.rows, 1);
  for (let r = 0; r < rounds; r++) {
    results.push(share.compute(job, 1, r)!);
    if (leaveLast && r === rounds - 1) return { results, finite: finite === 1, pending: { job, round: r } };
    // Round 0 alone adds nothing (chunk 0 is in the gradient block): its reduce would only check
    // finiteness, which the update checks anyway (training names the cause then).
    if (leaveLast && r === 0) continue;
    finite = share.reduce(job, 1, r);
  }
  return { results, finite: finite === 1 };
}
