// Sequential: a stack of layers on one arena, with the Keras compile/fit/evaluate/predict API.
import { Arena } from './memory.js';
import { Layer } from './layers/layer.js';
import { deserializeLayer } from './layers/registry.js';
import { planParams, planBatch, type ParamBlock, type BatchPlan } from './plan.js';
import { getLoss, type Loss, type LossLike } from './losses.js';
import { getOptimizer, type Optimizer } from './optimizers/optimizer.js';
import * as net from './net.js';
import type { TrainingPool } from './parallel/pool.js';
import { toMatrix, toTargets, oneHot, assertFinite, type Input, type Matrix, type Tensor, type Targets } from './data.js';
import { ShapeError, StateError, ValueError, fmtShape } from './errors.js';
import type { FitArgs, History } from './training.js';
import { summaryText } from './summary.js';
import { saveModel, modelToBytes, type SaveOptions } from './io/persist.js';

// Defined (esbuild --define) in the simdnet/infer bundles, which leave the training loop out.
declare const SIMDNET_INFER_ONLY: true | undefined;

export interface SequentialArgs {
  layers?: Layer[];
  /** Seed of every random draw: initialization, shuffling. Default 0: runs repeat exactly. */
  seed?: number;
  name?: string;
}

export interface CompileArgs {
  /** Optimizer name ('sgd') or instance (new SGD({learningRate: 0.1})). */
  optimizer: string | Optimizer;
  /** A loss name ('categoricalCrossentropy', …) or object (new BinaryCrossentropy({fromLogits: true})). */
  loss: LossLike;
  /** ['accuracy'] or []. */
  metrics?: string[];
}

export interface BatchArgs {
  /** Rows per forward pass; default 32. */
  batchSize?: number;
}

/** Loss and metrics of a pass over a data set. */
export interface Scores {
  loss: number;
  accuracy?: number;
}

// Stream ids of the model's RNG; parameters use 1 + 16·layer + index.
export const SHUFFLE_STREAM = 0x80000000;
export const SPLIT_STREAM = 0x40000000;

export class Sequential implements net.Net {
  static className = 'Sequential';
  readonly layers: Layer[] = [];
  readonly seed: number;
  readonly name: string;
  /** Set from a callback to stop fit after the current batch. */
  stopTraining = false;
  /** Default worker threads for fit (see FitArgs.workers). */
  workers: number | 'auto' = 1;
  /** Set by dispose(); a running fit stops before its next step. */
  disposed = false;
  /** Worker threads of the last multi-threaded fit, kept (idle) for the next one. */
  pool?: TrainingPool;
  /** Epochs completed by fit so far (what `initialEpoch` resumes from). */
  completedEpochs = 0;
  /** Weights a callback (earlyStopping) asks fit to put back when it ends. */
  restoreWeightsAfterFit?: Tensor[];
  optimizer?: Optimizer;
  loss?: Loss;
  metrics: string[] = [];
  private arena_?: Arena;
  private block?: ParamBlock;
  private paramMark = 0;
  private busy = false;
  /** Set by loaders: build without drawing initial weights (they are overwritten). */
  skipInitialization = false;

  constructor(args: SequentialArgs = {}) {
    const seed = args.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ValueError(`Sequential: seed must be an integer in [0, 2^32), received ${seed}`);
    }
    this.seed = seed;
    this.name = args.name ?? 'sequential';
    for (const l of args.layers ?? []) this.add(l);
  }

  /** Adds a layer, or one described by name and config: {className: 'Dense', config: {units: 3}}. */
  add(spec: Layer | { className: string; config?: Record<string, unknown> }): void {
    const layer = spec instanceof Layer ? spec : spec && typeof spec === 'object' && 'className' in spec ? deserializeLayer(spec, 'Sequential.add') : undefined;
    if (!layer) throw new ValueError(`Sequential.add: expected a Layer or {className, config}, received ${String(spec)}`);
    if (this.block) throw new StateError(`Sequential.add(${layer.name}): the model is already built`);
    if (this.layers.length > 0 && layer.declaredInputShape) {
      throw new ValueError(`Sequential.add(${layer.name}): only the first layer may set inputShape`);
    }
    const prev = this.layers[this.layers.length - 1];
    this.layers.push(layer);
    // Keras builds layers as they are added once the input shape is known.
    if (prev?.built) layer.build(prev.outputShape);
    else if (!prev && layer.declaredInputShape) layer.build(layer.declaredInputShape);
  }

  compile(args: CompileArgs): void {
    if (!args || typeof args !== 'object') throw new ValueError('compile: expected {optimizer, loss, metrics}');
    if (this.busy) throw new StateError('compile: the model is training');
    this.optimizer = getOptimizer(args.optimizer, 'compile: optimizer');
    this.loss = getLoss(args.loss, 'compile: loss');
    const metrics = args.metrics ?? [];
    for (const m of metrics) {
      if (m !== 'accuracy' && m !== 'acc') throw new ValueError(`compile: unknown metric ${JSON.stringify(m)}; known: accuracy`);
    }
    this.metrics = metrics.length ? ['accuracy'] : [];
    if (this.block) this.allocate(); // slots may change with the optimizer
    else if (this.layers.length && this.layers.every((l) => l.built)) this.buildLayers(this.layers[0].inputShape);
  }

  /** The kernels, on the model's memory. */
  get k() {
    return this.arena.k;
  }

  /** The arena holding every tensor of the model (built on first use). */
  get arena(): Arena {
    if (!this.arena_) this.arena_ = new Arena();
    return this.arena_;
  }

  /** For loaders: the arena to build in (one the file was already checked in); before first use only. */
  useArena(arena: Arena): void {
    if (this.arena_) throw new StateError(`useArena: ${this.name} already has its memory`);
    this.arena_ = arena;
  }

  get built(): boolean {
    return this.block !== undefined;
  }

  get outputUnits(): number {
    return this.layers[this.layers.length - 1].outputSize;
  }

  /** Builds every layer for samples of `sampleShape` and initializes the parameters. */
  build(sampleShape: number[]): void {
    if (!this.block) this.buildLayers(sampleShape);
  }

  private buildLayers(sampleShape: number[]): void {
    if (this.layers.length === 0) throw new StateError(`${this.name}: the model has no layers`);
    let shape = sampleShape;
    for (const l of this.layers) {
      if (!l.built) l.build(shape);
      shape = l.outputShape;
    }
    this.allocate();
    if (this.skipInitialization) return; // a loader is about to write every weight
    this.layers.forEach((l, i) => {
      l.params.forEach((p, j) => p.initializer.init(this.arena.k, p.ptr, p.shape, this.seed, 1 + 16 * i + j));
    });
  }

  // (Re)lays out parameters, gradients and optimizer slots, keeping parameter values.
  private allocate(): void {
    const old = this.block ? this.arena.read(this.block.params, this.block.size) : undefined;
    this.arena.release(this.block ? this.block.params : this.arena.mark());
    this.block = planParams(this.arena, this.layers, this.optimizer?.slots ?? 0);
    if (old) this.arena.write(this.block.params, old);
    this.optimizer?.initSlots(this.arena.k, this.block);
    this.paramMark = this.arena.mark();
    const last = this.layers[this.layers.length - 1];
    this.layers.forEach((l, i) => {
      l.fusedOutput = false;
      l.index = i;
    });
    last.fusedOutput = !!this.loss?.fuses && last.outputActivation() === this.loss.fuses;
  }

  /** Checks data against the model (building it on first use) and returns it as rows; stageInput checks the values. */
  inputRows(x: Input, what: string): Matrix {
    const m = toMatrix(x, what, false);
    if (!this.block) this.buildLayers(m.sample);
    const first = this.layers[0];
    if (m.width !== first.inputSize) {
      throw new ShapeError(`${what}: ${first.className}(${first.name}) expects samples of shape ${fmtShape(first.inputShape)} (${first.inputSize} values), received data of shape ${fmtShape([m.rows, ...m.sample])}`);
    }
    return m;
  }

  /** Targets for the compiled loss: class indices only where the loss kernel takes them. */
  targetRows(y: Input, rows: number, what: string): Targets {
    const loss = this.requireCompiled(what);
    const t = toTargets(y, this.outputUnits, loss.sparseLabels, what);
    if (t.rows !== rows) throw new ShapeError(`${what}: x has ${rows} samples but y has ${t.rows}`);
    if (t.sparse && !loss.indicesUsable(this.layers[this.layers.length - 1].fusedOutput)) {
      return { sparse: false, data: oneHot(t.data, this.outputUnits), rows };
    }
    return t;
  }

  requireCompiled(what: string): Loss {
    if (!this.loss || !this.optimizer) throw new StateError(`${what}: call compile({optimizer, loss}) first`);
    return this.loss;
  }

  /** Releases per-batch buffers and plans new ones for up to `capacity` rows. */
  planBatches(capacity: number): BatchPlan {
    this.arena.release(this.paramMark);
    return planBatch(this.arena, this.layers, capacity, this.arena.k.gemm_work_size());
  }

  get paramBlock(): ParamBlock {
    if (!this.block) throw new StateError(`${this.name}: the model is not built yet`);
    return this.block;
  }

  /** L1/L2 penalty of the current weights; adds its gradient to the gradients when `grads`. */
  weightPenalty(grads = false): number {
    const b = this.paramBlock;
    let penalty = 0;
    for (const s of b.segments) {
      if (s.l1 === 0 && s.l2 === 0) continue;
      penalty += this.arena.k.l1l2_backward(grads ? b.grads + 4 * s.offset : 0, b.params + 4 * s.offset, s.size, s.l1, s.l2);
    }
    return penalty;
  }

  /** The optimizer's step count: what dropout masks are keyed by. */
  get step(): number {
    return this.optimizer?.iterations ?? 0;
  }

  fit(x: Input, y: Input, args: FitArgs = {}): Promise<History> {
    if (this.busy) return Promise.reject(new StateError(`fit: ${this.name} is already training; await the running fit first`));
    if (typeof SIMDNET_INFER_ONLY !== 'undefined') {
      return Promise.reject(new StateError(`fit: simdnet/infer predicts and evaluates only; to train ${this.name}, load it with loadModel from 'simdnet'`));
    }
    this.busy = true;
    // Loaded on first fit: predicting never pays for the training loop, piscina and the progress bar.
    return import('./training.js')
      .then((t) => t.fit(this, x, y, args))
      .finally(() => (this.busy = false));
  }

  /** Outputs for every sample of x, as a Tensor [rows, ...output shape]. */
  predict(x: Input, args: BatchArgs = {}): Tensor {
    this.checkIdle('predict');
    const m = this.inputRows(x, 'predict: x');
    const bs = batchSizeOf(args.batchSize, m.rows, 'predict');
    const plan = this.planBatches(Math.min(bs, m.rows));
    const data = this.stageInput(m, 'predict: x', 'predict data');
    const out = new Float32Array(m.rows * this.outputUnits);
    for (let start = 0; start < m.rows; start += bs) {
      const rows = Math.min(bs, m.rows - start);
      const yp = net.forward(this, plan, data + start * m.width * 4, rows, false, this.step);
      out.set(this.arena.f32.subarray(yp >> 2, (yp >> 2) + rows * this.outputUnits), start * this.outputUnits);
    }
    this.arena.release(this.paramMark);
    return { data: out, shape: [m.rows, ...this.layers[this.layers.length - 1].outputShape] };
  }

  /** Mean loss (and accuracy if compiled with it) over x, y. */
  evaluate(x: Input, y: Input, args: BatchArgs = {}): Scores {
    this.checkIdle('evaluate');
    this.requireCompiled('evaluate');
    const m = this.inputRows(x, 'evaluate: x');
    const t = this.targetRows(y, m.rows, 'evaluate: y');
    const bs = batchSizeOf(args.batchSize, m.rows, 'evaluate');
    const plan = this.planBatches(Math.min(bs, m.rows));
    const data = this.stageInput(m, 'evaluate: x', 'evaluate data');
    const targets = this.stage(t.data, 'evaluate targets');
    const scores = this.score(plan, data, targets, m.rows, m.width, t.sparse);
    this.arena.release(this.paramMark);
    return scores;
  }

  /**
   * Copies input rows into the arena and checks there that they are finite: one SIMD pass,
   * where a JS scan costs ~3 ns a value (25 ms for the MNIST training set, every fit).
   * `row0` numbers the rows of a slice (validationSplit) as in the whole set.
   */
  stageInput(m: Matrix, what: string, label: string, row0 = 0): number {
    const ptr = this.stage(m.data, label);
    if (!this.k.all_finite(ptr, m.data.length)) assertFinite(m.data, m.width, what, row0);
    return ptr;
  }

  /** Copies data into the arena (after the current batch plan); returns its offset. */
  stage(data: Float32Array | Int32Array, what: string): number {
    const ptr = this.arena.alloc(data.length, what);
    (data instanceof Int32Array ? this.arena.i32 : this.arena.f32).set(data, ptr >> 2);
    return ptr;
  }

  /** Mean loss on (x, y) and the gradient of every parameter (getWeights order); weights are not changed. */
  computeGradients(x: Input, y: Input): { loss: number; grads: Tensor[] } {
    this.checkIdle('computeGradients');
    this.requireCompiled('computeGradients');
    const m = this.inputRows(x, 'computeGradients: x');
    const t = this.targetRows(y, m.rows, 'computeGradients: y');
    const plan = this.planBatches(m.rows);
    const data = this.stageInput(m, 'computeGradients: x', 'gradient data');
    const targets = this.stage(t.data, 'gradient targets');
    const yp = net.forward(this, plan, data, m.rows, true, this.step);
    let loss = net.lossOf(this, plan, yp, targets, m.rows, m.rows, t.sparse);
    const block = this.paramBlock;
    this.arena.k.fill(block.grads, block.size, 0);
    loss += net.backward(this, plan, m.rows, this.step);
    loss += this.weightPenalty(true);
    const grads = this.layers.flatMap((l) => l.params.map((p) => ({ data: this.arena.read(p.grad, p.size), shape: [...p.shape] })));
    this.arena.release(this.paramMark);
    return { loss, grads };
  }

  /** Loss and accuracy over `rows` rows stored at data/targets, in batches of plan.capacity. */
  score(plan: BatchPlan, data: number, targets: number, rows: number, width: number, sparse: boolean): Scores {
    const per = sparse ? 1 : this.outputUnits;
    let loss = 0;
    let correct = 0;
    for (let start = 0; start < rows; start += plan.capacity) {
      const n = Math.min(plan.capacity, rows - start);
      const yp = net.forward(this, plan, data + start * width * 4, n, false, this.step);
      const t = targets + start * per * 4;
      loss += (net.lossOf(this, plan, yp, t, n, n, sparse) + net.activityPenalty(this, plan, n)) * n;
      if (this.metrics.length) correct += net.correctOf(this, yp, t, n, sparse);
    }
    const s: Scores = { loss: loss / rows + this.weightPenalty() };
    if (this.metrics.length) s.accuracy = correct / rows;
    return s;
  }

  private checkIdle(what: string): void {
    if (this.busy) throw new StateError(`${what}: ${this.name} is training; await fit first`);
  }

  /** Copies of every parameter, in layer order (kernel, bias, …). */
  getWeights(): Tensor[] {
    const out: Tensor[] = [];
    for (const l of this.layers) for (const p of l.params) out.push({ data: this.arena.read(p.ptr, p.size), shape: [...p.shape] });
    return out;
  }

  /** Replaces every parameter; shapes must match getWeights(). */
  setWeights(weights: Tensor[]): void {
    this.checkIdle('setWeights');
    this.setWeightsWhileTraining(weights);
  }

  /** setWeights for fit's own use (callbacks restoring weights). */
  setWeightsWhileTraining(weights: Tensor[]): void {
    const params = this.layers.flatMap((l) => l.params.map((p) => ({ l, p })));
    if (!Array.isArray(weights) || weights.length !== params.length) {
      throw new ShapeError(`setWeights: expected ${params.length} tensors, received ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    params.forEach(({ l, p }, i) => {
      const w = weights[i];
      if (!w || w.data?.length !== p.size || fmtShape(w.shape ?? []) !== fmtShape(p.shape)) {
        throw new ShapeError(`setWeights: ${l.name}/${p.name} expects shape ${fmtShape(p.shape)}, received ${w?.shape ? fmtShape(w.shape) : typeof w}`);
      }
      toMatrix(w, `setWeights: ${l.name}/${p.name}`); // finite check
    });
    params.forEach(({ p }, i) => this.arena.write(p.ptr, weights[i].data));
  }

  /** Stops a running fit (it rejects before its next step) and ends the worker threads; the model is unusable after. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.pool?.close();
    this.pool = undefined;
  }

  /** Saves to `path` atomically (see io/model-file.ts for the format). */
  async save(path: string, options: SaveOptions = {}): Promise<void> {
    this.checkIdle('save');
    await saveModel(this, path, options);
  }

  /** The saved form as bytes, for runtimes without a file system. */
  toBytes(options: SaveOptions = {}): Uint8Array {
    this.checkIdle('toBytes');
    return modelToBytes(this, options);
  }

  countParams(): number {
    return this.layers.reduce((a, l) => a + l.countParams(), 0);
  }

  /** A table of layers, output shapes and parameter counts; printed with `print`. */
  summary(print: ((line: string) => void) | null = console.log): string {
    const text = summaryText(this);
    if (print) print(text);
    return text;
  }
}

/** A positive integer batch size, or every row for 'full'. */
export function batchSizeOf(bs: number | 'full' | undefined, rows: number, what: string): number {
  if (bs === undefined) return Math.min(32, rows);
  if (bs === 'full') return rows;
  if (!Number.isInteger(bs) || bs <= 0) {
    throw new ValueError(`${what}: batchSize must be a positive integer or 'full', received ${String(bs)}`);
  }
  return Math.min(bs, rows);
}
