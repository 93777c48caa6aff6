// The Session: one network assembled on one memory, and the passes over it. Sequential,
// fit, evaluate, predict, the loader and every worker thread build or use this same
// object, so a network is put together in exactly one place (assemble) and run by
// exactly one piece of code (forward, backward, chunk).
import type { Kernels } from '../kernels.js';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import { layoutParams, type ParamLayout } from './layout.js';
import { assemble } from './assemble.js';
import { planBatch, pointGrads, pointParams, type Allocator, type BatchPlan, type PlanNet } from './plan.js';

/** Where the parameters, their gradients and the optimizer slots are (byte offsets; floats per block). */
export interface Block {
  size: number;
  params: number;
  grads: number;
  slots: number;
  /** Optimizer slot floats (slots × size). */
  slotFloats: number;
  /**
   * Bytes from the live parameters and slots to the other region of the same layout, which an
   * update writes into (signed); 0 where updates are in place.
   */
  other: number;
}

/** The training set in memory. */
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

/** A minibatch: the optimizer step, where it starts in the epoch's order, its rows. */
export interface ChunkJob {
  step: number;
  start: number;
  rows: number;
}

export interface ChunkResult {
  /** The chunk's share of the batch-mean data loss. */
  loss: number;
  /** Activity-regularizer penalty of the chunk's rows. */
  penalty: number;
  correct: number;
}

/**
 * Rows of the chunks a minibatch is cut into — the unit of work and of gradient reduction —
 * unless a layer asks for fewer (Layer.maxChunkRows). Fixed by the network alone, so the
 * chunks, and the bits, are the same for any thread count.
 */
export const CHUNK_ROWS = 64;

export class Session implements PlanNet {
  readonly layout: ParamLayout;
  readonly fusedLayer: number;

  constructor(
    readonly k: Kernels,
    readonly layers: readonly Layer[],
    inputShape: number[],
    readonly loss: Loss | undefined,
    readonly seed: number,
    readonly block: Block,
  ) {
    ({ layout: this.layout, fusedLayer: this.fusedLayer } = assemble(layers, inputShape, loss));
    this.trainableFlags = layers.map((l) => (l.trainable ? 1 : 0)).join('');
    this.chunkRows = Math.min(CHUNK_ROWS, ...layers.map((l) => l.maxChunkRows ?? CHUNK_ROWS));
    if (this.layout.size !== block.size)
      throw new Error(`session: a block of ${block.size} floats for a layout of ${this.layout.size}`);
  }

  /** Rows per chunk for this network (fixed by its layers). */
  readonly chunkRows: number;

  chunkCount(rows: number): number {
    return Math.ceil(rows / this.chunkRows);
  }

  get inputSize(): number {
    return this.layers[0].inputSize;
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1].outputSize;
  }

  /** Predictions per sample: an output [steps, classes] is `steps` of them, which the loss averages over (Keras). */
  get steps(): number {
    return this.outputSize / this.classes;
  }

  /** Values per prediction: the output's last axis. */
  get classes(): number {
    return this.layers[this.layers.length - 1].outputShape.at(-1)!;
  }

  /** Target values per sample: a class index per step, or the whole output. */
  targetWidth(sparse: boolean): number {
    return sparse ? this.steps : this.outputSize;
  }

  /** Buffers for passes of up to `capacity` rows, from `a`. */
  plan(a: Allocator, capacity: number, inputGrad = false): BatchPlan {
    const plan = planBatch(a, this, this.block.params, capacity, inputGrad);
    pointGrads(plan, this.layout, this.block.grads);
    return plan;
  }

  /** Runs the layers on `rows` rows at x; returns the output pointer. row0: the rows' place in the minibatch. */
  forward(plan: BatchPlan, x: number, rows: number, training: boolean, step: number, row0 = 0): number {
    pointParams(plan, this.layout, this.block.params);
    let input = x;
    this.layers.forEach((l, i) => {
      const c = plan.calls[i];
      c.step = step;
      c.row0 = row0;
      l.forward(c, input, plan.y[i], rows, training);
      input = plan.y[i];
    });
    return input;
  }

  /**
   * Backpropagates from the loss gradient in plan.d[last] (x: the forward's input); parameter
   * gradients are added at the calls' grads, the input gradient written to plan.dx if planned.
   * Activity regularizers add their gradient on the way; returns their penalty.
   */
  backward(plan: BatchPlan, x: number, rows: number): number {
    const { k } = this;
    let penalty = 0;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i];
      const r = l.activityRegularizer;
      if (r) penalty += k.l1l2_backward(plan.d[i], plan.y[i], rows * l.outputSize, r.l1, r.l2);
      l.backward(plan.calls[i], plan.d[i], i > 0 ? plan.d[i - 1] : plan.dx, i > 0 ? plan.y[i - 1] : x, plan.y[i], rows);
    }
    return penalty;
  }

  /** Activity penalty of the outputs of the last forward (no gradient). */
  activityPenalty(plan: BatchPlan, rows: number): number {
    let penalty = 0;
    this.layers.forEach((l, i) => {
      const r = l.activityRegularizer;
      if (r) penalty += this.k.l1l2_backward(0, plan.y[i], rows * l.outputSize, r.l1, r.l2);
    });
    return penalty;
  }

  /**
   * Loss of `rows` rows of output y (x: the forward's input) against `targets`, as a share of
   * the mean over `total` rows (chunk shares add up to the batch mean); writes its gradient.
   */
  lossOf(plan: BatchPlan, x: number, y: number, targets: number, rows: number, total: number, sparse: boolean): number {
    const f = this.fusedLayer;
    const logits = f < 0 ? 0 : this.layers[f].logits(plan.calls[f], f > 0 ? plan.y[f - 1] : x);
    const { steps, classes: N } = this;
    const grad = plan.d[this.layers.length - 1];
    const M = rows * steps;
    return this.loss!.compute({ k: this.k, grad, y, logits, targets, sparse, M, total: total * steps, N });
  }

  /** Correct predictions among rows (Keras 'accuracy': binary for 1 unit, else arg-max), per step of a sequence. */
  correctOf(y: number, targets: number, rows: number, sparse: boolean): number {
    const { k, steps, classes: N } = this;
    const M = rows * steps;
    let n: number;
    if (N === 1) n = k.count_correct_binary(y, targets, M);
    else n = sparse ? k.count_correct_sparse(y, targets, M, N) : k.count_correct_onehot(y, targets, M, N);
    return n / steps;
  }

  /**
   * Forward, loss and backward of one chunk of a minibatch, its gradient summed from zero in
   * the block at `grads`. Depends on nothing but the chunk: the same on any thread.
   */
  chunk(plan: BatchPlan, data: TrainData, job: ChunkJob, chunk: number, grads: number): ChunkResult {
    const { k } = this;
    const row0 = chunk * this.chunkRows;
    const rows = Math.min(this.chunkRows, job.rows - row0);
    let x = data.xs + (job.start + row0) * data.width * 4;
    let t = data.ts + (job.start + row0) * data.per * 4;
    if (data.perm) {
      const order = data.perm + (job.start + row0) * 4;
      k.gather_rows(plan.x, data.xs, order, rows, data.width);
      k.gather_rows(plan.targets, data.ts, order, rows, data.per);
      x = plan.x;
      t = plan.targets;
    }
    pointGrads(plan, this.layout, grads);
    for (const [offset, floats] of this.layout.zeroRanges) k.fill(grads + 4 * offset, floats, 0);
    const y = this.forward(plan, x, rows, true, job.step, row0);
    const loss = this.lossOf(plan, x, y, t, rows, job.rows, data.sparse);
    const correct = this.correctOf(y, t, rows, data.sparse);
    const penalty = this.backward(plan, x, rows);
    return { loss, penalty, correct };
  }

  // The layers' trainable flags the segments were laid out for.
  private trainableFlags = '';

  /**
   * Before training: the segments follow the layers' trainable flags as they are now (a layer
   * may be frozen after the session was built). On a change the other region is made equal to
   * the live one, so a frozen layer's values are the same in both and an update need not carry
   * them over.
   */
  refreshTrainable(): void {
    const flags = this.layers.map((l) => (l.trainable ? 1 : 0)).join('');
    if (flags === this.trainableFlags) return;
    this.trainableFlags = flags;
    this.layout.segments = layoutParams(this.layers).segments;
    this.sync();
  }

  /** Makes the other region (the one the next update writes) hold the live parameters and slots. */
  sync(): void {
    const { k, block } = this;
    if (!block.other) return;
    k.copy(block.params + block.other, block.params, block.size);
    k.copy(block.slots + block.other, block.slots, block.slotFloats);
  }

  /** Adopts the region an update just wrote: it holds the live parameters and slots from now on. */
  flip(): void {
    const { block } = this;
    block.params += block.other;
    block.slots += block.other;
    block.other = -block.other;
  }

  /** L1/L2 penalty of the trainable weights; adds its gradient into the block at `grads` unless 0. */
  weightPenalty(grads = 0): number {
    const { block } = this;
    let penalty = 0;
    for (const s of this.layout.segments) {
      if (s.l1 === 0 && s.l2 === 0) continue;
      penalty += this.k.l1l2_backward(
        grads ? grads + 4 * s.offset : 0,
        block.params + 4 * s.offset,
        s.size,
        s.l1,
        s.l2,
      );
    }
    return penalty;
  }

  /** Mean loss and correct count over `rows` rows stored at data/targets, in passes of plan.capacity. */
  score(
    plan: BatchPlan,
    data: number,
    targets: number,
    rows: number,
    sparse: boolean,
    step: number,
    count: boolean,
  ): { loss: number; correct: number } {
    const per = this.targetWidth(sparse);
    const width = this.inputSize;
    let loss = 0;
    let correct = 0;
    for (let start = 0; start < rows; start += plan.capacity) {
      const n = Math.min(plan.capacity, rows - start);
      const x = data + start * width * 4;
      const y = this.forward(plan, x, n, false, step);
      const t = targets + start * per * 4;
      loss += (this.lossOf(plan, x, y, t, n, n, sparse) + this.activityPenalty(plan, n)) * n;
      if (count) correct += this.correctOf(y, t, n, sparse);
    }
    return { loss: loss / rows + this.weightPenalty(), correct };
  }
}
