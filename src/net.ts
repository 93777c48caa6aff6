// One pass of a layer stack over a block of rows: forward, loss, backward. Used by the
// model on the main thread and by every worker on its own WASM instance, so both run
// exactly the same code on the same memory.
import type { Kernels } from './wasm.js';
import type { Layer, StepContext } from './layers/layer.js';
import type { Loss } from './losses.js';
import type { BatchPlan } from './plan.js';

/** What a pass needs: kernels, layers (with parameter pointers set), the loss, the seed. */
export interface Net {
  readonly k: Kernels;
  readonly layers: Layer[];
  readonly loss?: Loss;
  readonly seed: number;
}

export function context(net: Net, plan: BatchPlan, step: number, row0: number): StepContext {
  return { k: net.k, work: plan.work, seed: net.seed, step, row0 };
}

/** Runs the layers on `rows` rows at x; returns the output pointer. row0: the rows' place in the minibatch. */
export function forward(net: Net, plan: BatchPlan, x: number, rows: number, training: boolean, step: number, row0 = 0): number {
  const ctx = context(net, plan, step, row0);
  let input = x;
  net.layers.forEach((l, i) => {
    l.forward(ctx, input, plan.y[i], rows, training);
    input = plan.y[i];
  });
  return input;
}

/**
 * Backpropagates from the loss gradient in plan.d[last]; parameter gradients accumulate
 * at each param's `grad`. Activity regularizers add their gradient on the way; returns their penalty.
 */
export function backward(net: Net, plan: BatchPlan, rows: number, step: number, row0 = 0): number {
  const ctx = context(net, plan, step, row0);
  let penalty = 0;
  for (let i = net.layers.length - 1; i >= 0; i--) {
    const l = net.layers[i];
    const r = l.activityRegularizer;
    if (r) penalty += net.k.l1l2_backward(plan.d[i], plan.y[i], rows * l.outputSize, r.l1, r.l2);
    l.backward(ctx, plan.d[i], i > 0 ? plan.d[i - 1] : 0, rows);
  }
  return penalty;
}

/** Activity penalty of the outputs of the last forward (no gradient). */
export function activityPenalty(net: Net, plan: BatchPlan, rows: number): number {
  let penalty = 0;
  net.layers.forEach((l, i) => {
    const r = l.activityRegularizer;
    if (r) penalty += net.k.l1l2_backward(0, plan.y[i], rows * l.outputSize, r.l1, r.l2);
  });
  return penalty;
}

/**
 * Loss of `rows` rows of output y against `targets`, as a share of the mean over `total`
 * rows (a minibatch split in chunks: the shares add up to the batch mean); writes its gradient.
 */
export function lossOf(net: Net, plan: BatchPlan, y: number, targets: number, rows: number, total: number, sparse: boolean): number {
  const last = net.layers[net.layers.length - 1];
  return net.loss!.compute({
    k: net.k,
    grad: plan.d[net.layers.length - 1],
    y,
    logits: last.fusedOutput ? last.logits() : 0,
    targets,
    sparse,
    M: rows,
    total,
    N: last.outputSize,
  });
}

/** Correct predictions among rows (Keras 'accuracy': binary for 1 unit, else arg-max). */
export function correctOf(net: Net, y: number, targets: number, rows: number, sparse: boolean): number {
  const N = net.layers[net.layers.length - 1].outputSize;
  if (N === 1) return net.k.count_correct_binary(y, targets, rows);
  return sparse ? net.k.count_correct_sparse(y, targets, rows, N) : net.k.count_correct_onehot(y, targets, rows, N);
}
