// The Keras calls on whole data or one batch — predict, evaluate, train/test/predict on
// batch, computeGradients, setWeights — as passes of the model's Session. Training steps
// here run StepShare on this thread alone, the same code fit runs on any number of threads.
import type { Arena } from './memory.js';
import type { Loss } from './losses.js';
import type { Optimizer } from './optimizers/optimizer.js';
import type { Session } from './core/session.js';
import type { BatchPlan } from './core/plan.js';
import { StepShare, stepAlone, updateAlone, blockStride, roundsOf } from './core/steps.js';
import { inputRows, targetRows, stage, stageInput } from './core/stage.js';
import { toMatrix, type Input, type Tensor } from './data.js';
import { DivergenceError, ShapeError, ValueError, fmtShape, quote } from './errors.js';

/** What these calls need of the model (Sequential). */
export interface Host {
  readonly name: string;
  readonly metrics: string[];
  readonly arena: Arena;
  sessionFor(x: Input | undefined, what: string): Session;
  requireCompiled(what: string): { loss: Loss; optimizer: Optimizer };
  readonly optimizer?: Optimizer;
}

/** A positive integer batch size, or every row for 'full'. */
export function batchSizeOf(bs: number | 'full' | undefined, rows: number, what: string): number {
  if (bs === undefined) return Math.min(32, rows);
  if (bs === 'full') return rows;
  if (!Number.isInteger(bs) || bs <= 0) {
    throw new ValueError(`${what}: batchSize must be a positive integer or 'full', received ${quote(bs)}`);
  }
  return Math.min(bs, rows);
}

const stepOf = (m: Host) => m.optimizer?.iterations ?? 0;

/**
 * One pass over all rows of x: the session, x staged, buffers for every row, handed to `run`;
 * the buffers are released after. For passes that read more than the output (layer outputs,
 * sampled dropout masks).
 */
export function wholePass<T>(
  m: Host,
  x: Input,
  what: string,
  run: (s: Session, plan: BatchPlan, data: number, rows: number) => T,
): T {
  const s = m.sessionFor(x, `${what}: x`);
  const rows = inputRows(s, x, `${what}: x`);
  const plan = s.plan(m.arena, rows.rows);
  const data = stageInput(m.arena, rows, `${what}: x`, `${what} data`);
  try {
    return run(s, plan, data, rows.rows);
  } finally {
    m.sessionFor(undefined, what); // releases the pass's buffers
  }
}

export function predict(m: Host, x: Input, batchSize: number | 'full' | undefined, what: string): Tensor {
  const s = m.sessionFor(x, `${what}: x`);
  const rows = inputRows(s, x, `${what}: x`);
  const bs = batchSizeOf(batchSize, rows.rows, what);
  const plan = s.plan(m.arena, Math.min(bs, rows.rows));
  const data = stageInput(m.arena, rows, `${what}: x`, `${what} data`);
  const N = s.outputSize;
  const out = new Float32Array(rows.rows * N);
  for (let start = 0; start < rows.rows; start += bs) {
    const n = Math.min(bs, rows.rows - start);
    const yp = s.forward(plan, data + start * rows.width * 4, n, false, stepOf(m));
    out.set(m.arena.f32.subarray(yp >> 2, (yp >> 2) + n * N), start * N);
  }
  m.sessionFor(undefined, what); // releases the batch buffers
  return { data: out, shape: [rows.rows, ...s.layers[s.layers.length - 1].outputShape] };
}

export function evaluate(
  m: Host,
  x: Input,
  y: Input,
  batchSize: number | 'full' | undefined,
  what: string,
): { loss: number; accuracy?: number } {
  const { loss } = m.requireCompiled(what);
  const s = m.sessionFor(x, `${what}: x`);
  const rows = inputRows(s, x, `${what}: x`);
  const t = targetRows(s, loss, y, rows.rows, `${what}: y`);
  const bs = batchSizeOf(batchSize, rows.rows, what);
  const plan = s.plan(m.arena, Math.min(bs, rows.rows));
  const data = stageInput(m.arena, rows, `${what}: x`, `${what} data`);
  const targets = stage(m.arena, t.data, `${what} targets`);
  const r = s.score(plan, data, targets, rows.rows, t.sparse, stepOf(m), m.metrics.length > 0);
  m.sessionFor(undefined, what);
  return m.metrics.length ? { loss: r.loss, accuracy: r.correct / rows.rows } : { loss: r.loss };
}

// Stages x, y as one minibatch and makes this thread's StepShare for it.
function oneBatch(m: Host, x: Input, y: Input, what: string, inputGrad: boolean) {
  const { loss, optimizer } = m.requireCompiled(what);
  const s = m.sessionFor(x, `${what}: x`);
  s.refreshTrainable();
  const rows = inputRows(s, x, `${what}: x`);
  const t = targetRows(s, loss, y, rows.rows, `${what}: y`);
  const plan = s.plan(m.arena, Math.min(s.chunkRows, rows.rows), inputGrad);
  const scratch = m.arena.alloc(blockStride(s.block.size) / 4, 'chunk gradients');
  const xs = stageInput(m.arena, rows, `${what}: x`, `${what} data`);
  const ts = stage(m.arena, t.data, `${what} targets`);
  const data = { xs, ts, perm: 0, width: rows.width, per: s.targetWidth(t.sparse), sparse: t.sparse };
  const share = new StepShare(s, plan, data, scratch, 0);
  return { s, share, optimizer, job: { step: optimizer.iterations, start: 0, rows: rows.rows } };
}

export function trainOnBatch(m: Host, x: Input, y: Input): { loss: number; accuracy?: number } {
  const { share, optimizer, job } = oneBatch(m, x, y, 'trainOnBatch', false);
  try {
    const { results, finite } = stepAlone(share, job);
    let loss = 0;
    let correct = 0;
    for (const r of results) {
      loss += r.loss + r.penalty;
      correct += r.correct;
    }
    if (!Number.isFinite(loss) || !finite) {
      throw new DivergenceError(
        `trainOnBatch: the ${finite ? 'loss' : 'gradient'} is not finite; the weights were not changed`,
        0,
        0,
      );
    }
    const update = updateAlone(share, optimizer);
    if (!update.finite) {
      throw new DivergenceError('trainOnBatch: the update would make weights non-finite; it was undone', 0, 0);
    }
    loss += update.penalty;
    return m.metrics.length ? { loss, accuracy: correct / job.rows } : { loss };
  } finally {
    m.sessionFor(undefined, 'trainOnBatch'); // releases the batch buffers
  }
}

export function computeGradients(
  m: Host,
  x: Input,
  y: Input,
  inputGrad: boolean,
): { loss: number; grads: Tensor[]; inputGradient?: Tensor } {
  const { s, share, job } = oneBatch(m, x, y, 'computeGradients', inputGrad);
  const { arena } = m;
  const width = s.inputSize;
  const dx = inputGrad ? new Float32Array(job.rows * width) : undefined;
  let loss = 0;
  for (let r = 0; r < roundsOf(s, job.rows, 1); r++) {
    const res = share.compute(job, 1, r)!;
    loss += res.loss + res.penalty;
    if (dx)
      dx.set(
        arena.read(share.plan.dx, Math.min(s.chunkRows, job.rows - r * s.chunkRows) * width),
        r * s.chunkRows * width,
      );
    share.reduce(job, 1, r);
  }
  loss += s.weightPenalty(s.block.grads);
  const grads = s.layout.entries.map((e) => ({
    data: arena.read(s.block.grads + 4 * e.offset, e.param.size),
    shape: [...e.param.shape],
  }));
  m.sessionFor(undefined, 'computeGradients');
  const first = s.layers[0];
  return dx ? { loss, grads, inputGradient: { data: dx, shape: [job.rows, ...first.inputShape] } } : { loss, grads };
}

/** Replaces every parameter after checking every tensor: nothing is written unless all fit. */
export function setWeights(m: Host, s: Session, weights: Tensor[]): void {
  const entries = s.layout.entries;
  if (!Array.isArray(weights) || weights.length !== entries.length) {
    throw new ShapeError(
      `setWeights: expected ${entries.length} tensors, received ` +
        `${Array.isArray(weights) ? weights.length : quote(weights)}`,
    );
  }
  entries.forEach((e, i) => {
    const w = weights[i];
    const where = `setWeights: ${s.layers[e.layer].name}/${e.param.name}`;
    if (!w || w.data?.length !== e.param.size || fmtShape(w.shape ?? []) !== fmtShape(e.param.shape)) {
      throw new ShapeError(
        `${where} expects shape ${fmtShape(e.param.shape)}, received ${w?.shape ? fmtShape(w.shape) : quote(w)}`,
      );
    }
    toMatrix(w, where); // finite check
  });
  entries.forEach((e, i) => m.arena.write(s.block.params + 4 * e.offset, weights[i].data));
  s.sync();
}
