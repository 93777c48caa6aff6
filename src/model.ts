// Sequential: a stack of layers and the Keras compile/fit/evaluate/predict API. Everything
// that runs is the model's Session (core/session.ts), built from these layers on first use.
import { Arena } from './memory.js';
import { Layer } from './layers/layer.js';
import { deserializeLayer } from './layers/registry.js';
import { getLoss, type Loss } from './losses.js';
import { getOptimizer, type Optimizer } from './optimizers/optimizer.js';
import type { Session } from './core/session.js';
import { createSession, initializeParams } from './core/create.js';
import type { TrainingPool } from './parallel/pool.js';
import { toMatrix, type Input, type Tensor } from './data.js';
import { StateError, ValueError, quote } from './errors.js';
import type { FitArgs, History } from './fit-types.js';
import { summaryText } from './summary.js';
import { writeFileAtomic } from './io/files.js';
import { encodeModel, type SaveOptions } from './io/encode.js';
import * as batches from './batches.js';
import type { SequentialArgs, CompileArgs, BatchArgs, Scores } from './model-args.js';

export type { SequentialArgs, CompileArgs, BatchArgs, Scores };

// Defined (esbuild --define) in the simdnet/infer bundles, which leave the training loop out.
declare const SIMDNET_INFER_ONLY: true | undefined;

// A model dropped without dispose() still ends its worker threads once it is collected.
const unusedPools = new FinalizationRegistry<TrainingPool>((pool) => void pool.close('gc'));

export class Sequential {
  static className = 'Sequential';
  readonly layers: Layer[] = [];
  readonly seed: number;
  readonly name: string;
  /** Set from a callback to stop fit after the current batch. */
  stopTraining = false;
  /** Default worker threads for fit (see FitArgs.workers). */
  workers: number | 'auto' = 1;
  /** Epochs completed by fit so far (what `initialEpoch` resumes from). */
  completedEpochs = 0;
  optimizer?: Optimizer;
  loss?: Loss;
  metrics: string[] = [];
  /** @internal Weights a callback (earlyStopping) asks fit to put back when it ends. */
  restoreWeightsAfterFit?: Tensor[];
  /** @internal Set by dispose(); a running fit stops before its next step. */
  disposed = false;
  /** @internal Worker threads of the last multi-threaded fit, kept (idle) for the next one. */
  pool?: TrainingPool;
  /** @internal Set while fit runs. */
  busy = false;
  /** @internal Set by loaders: build without drawing initial weights (they are overwritten). */
  skipInitialization = false;
  private arena_?: Arena;
  private session_?: Session;
  private paramMark = 0;

  constructor(args: SequentialArgs = {}) {
    const seed = args.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ValueError(`Sequential: seed must be an integer in [0, 2^32), received ${quote(seed)}`);
    }
    this.seed = seed;
    this.name = args.name ?? 'sequential';
    for (const l of args.layers ?? []) this.add(l);
  }

  /** Adds a layer, or one described by name and config: {className: 'Dense', config: {units: 3}}. */
  add(spec: Layer | { className: string; config?: Record<string, unknown> }): void {
    const isSpec = spec && typeof spec === 'object' && 'className' in spec;
    const layer = spec instanceof Layer ? spec : isSpec ? deserializeLayer(spec, 'Sequential.add') : undefined;
    if (!layer)
      throw new ValueError(`Sequential.add: expected a Layer or {className, config}, received ${quote(spec)}`);
    if (this.session_) throw new StateError(`Sequential.add(${layer.name}): the model is already built`);
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
    const optimizer = getOptimizer(args.optimizer, 'compile: optimizer');
    const loss = getLoss(args.loss, 'compile: loss');
    const metrics = args.metrics ?? [];
    for (const m of metrics) {
      if (m !== 'accuracy' && m !== 'acc') throw new ValueError(`compile: unknown metric ${quote(m)}; known: accuracy`);
    }
    this.optimizer = optimizer;
    this.loss = loss;
    this.metrics = metrics.length ? ['accuracy'] : [];
    if (this.session_)
      this.rebuild(); // the fused output and optimizer slots may change
    else if (this.layers.length && this.layers.every((l) => l.built)) this.build(this.layers[0].inputShape);
  }

  get built(): boolean {
    return this.session_ !== undefined;
  }

  /** Builds every layer for samples of `sampleShape` and initializes the parameters. */
  build(sampleShape: number[]): void {
    if (this.session_) return;
    if (this.layers.length === 0) throw new StateError(`${this.name}: the model has no layers`);
    const arena = this.arena;
    const s = createSession(arena, this.layers, sampleShape, this.loss, this.seed, this.optimizer?.slots ?? 0);
    this.session_ = s;
    this.paramMark = arena.mark();
    this.optimizer?.initSlots(s.k, s.block);
    if (!this.skipInitialization) initializeParams(s);
    s.sync();
  }

  // A new session for a new loss or optimizer, keeping the parameter values.
  private rebuild(): void {
    const old = this.session_!;
    const values = this.arena.read(old.block.params, old.block.size);
    this.arena.release(old.block.params);
    const s = createSession(
      this.arena,
      this.layers,
      this.layers[0].inputShape,
      this.loss,
      this.seed,
      this.optimizer?.slots ?? 0,
    );
    this.arena.write(s.block.params, values);
    this.session_ = s;
    this.paramMark = this.arena.mark();
    this.optimizer?.initSlots(s.k, s.block);
    s.sync();
  }

  /** @internal The arena holding every tensor of the model (made on first use). */
  get arena(): Arena {
    if (!this.arena_) this.arena_ = new Arena();
    return this.arena_;
  }

  /** @internal For loaders: the arena to build in (one the file was already checked in); before first use only. */
  useArena(arena: Arena): void {
    if (this.arena_) throw new StateError(`useArena: ${this.name} already has its memory`);
    this.arena_ = arena;
  }

  /** @internal The session, built on first use (for x's sample shape when the layers do not know it yet). */
  session(x: Input | undefined, what: string): Session {
    if (!this.session_) {
      const known = this.layers.length > 0 && this.layers.every((l) => l.built); // the first layer has inputShape
      if (known) this.build(this.layers[0].inputShape);
      else if (x === undefined)
        throw new StateError(
          `${what}: ${this.name} is not built yet; give the first layer an inputShape or pass data first`,
        );
      else this.build(toMatrix(x, what, false).sample);
    }
    return this.session_!;
  }

  /** @internal session(), with the arena released to just after the parameters: for a new pass, never during fit. */
  sessionFor(x: Input | undefined, what: string): Session {
    const s = this.session(x, what);
    this.arena.release(this.paramMark);
    return s;
  }

  /** @internal The compiled loss and optimizer, or a StateError naming the call. */
  requireCompiled(what: string): { loss: Loss; optimizer: Optimizer } {
    if (!this.loss || !this.optimizer) throw new StateError(`${what}: call compile({optimizer, loss}) first`);
    return { loss: this.loss, optimizer: this.optimizer };
  }

  /** @internal Throws when fit is running. */
  checkIdle(what: string): void {
    if (this.busy) throw new StateError(`${what}: ${this.name} is training; await fit first`);
  }

  /** Trains on x, y; see FitArgs. Rejects with a typed error, the weights then those of the last completed step. */
  fit(x: Input, y: Input, args: FitArgs = {}): Promise<History> {
    if (this.busy)
      return Promise.reject(new StateError(`fit: ${this.name} is already training; await the running fit first`));
    if (this.disposed)
      return Promise.reject(new StateError(`fit: ${this.name} was disposed; make or load a new model`));
    if (typeof SIMDNET_INFER_ONLY !== 'undefined') {
      return Promise.reject(
        new StateError(
          `fit: simdnet/infer predicts and evaluates only; to train ${this.name}, load it with loadModel from ` +
            `'simdnet'`,
        ),
      );
    }
    this.busy = true;
    // Loaded on first fit: predicting never pays for the training loop, piscina and the progress bar.
    return import('./training.js').then((t) => t.fit(this, x, y, args)).finally(() => (this.busy = false));
  }

  /** Outputs for every sample of x, as a Tensor [rows, ...output shape]. */
  predict(x: Input, args: BatchArgs = {}): Tensor {
    this.checkIdle('predict');
    return batches.predict(this, x, args.batchSize, 'predict');
  }

  /** Outputs for one batch of x (Keras predict_on_batch): predict in a single pass. */
  predictOnBatch(x: Input): Tensor {
    this.checkIdle('predictOnBatch');
    return batches.predict(this, x, 'full', 'predictOnBatch');
  }

  /** Mean loss (and accuracy if compiled with it) over x, y. */
  evaluate(x: Input, y: Input, args: BatchArgs = {}): Scores {
    this.checkIdle('evaluate');
    return batches.evaluate(this, x, y, args.batchSize, 'evaluate');
  }

  /** Loss (and accuracy) on one batch (Keras test_on_batch); no weight changes. */
  testOnBatch(x: Input, y: Input): Scores {
    this.checkIdle('testOnBatch');
    return batches.evaluate(this, x, y, 'full', 'testOnBatch');
  }

  /** One optimizer step on x, y as a single minibatch (Keras train_on_batch); returns the loss before the step. */
  trainOnBatch(x: Input, y: Input): Scores {
    this.checkIdle('trainOnBatch');
    return batches.trainOnBatch(this, x, y);
  }

  /**
   * Mean loss on (x, y) and the gradient of every parameter (getWeights order), and with
   * `{inputGradient: true}` the gradient with respect to x too; weights are not changed.
   */
  computeGradients(
    x: Input,
    y: Input,
    options: { inputGradient?: boolean } = {},
  ): { loss: number; grads: Tensor[]; inputGradient?: Tensor } {
    this.checkIdle('computeGradients');
    return batches.computeGradients(this, x, y, options.inputGradient === true);
  }

  /** Copies of every parameter, in layer order (kernel, bias, …). */
  getWeights(): Tensor[] {
    if (!this.session_ && !this.layers.every((l) => l.built)) return [];
    const s = this.session(undefined, 'getWeights');
    return s.layout.entries.map((e) => ({
      data: this.arena.read(s.block.params + 4 * e.offset, e.param.size),
      shape: [...e.param.shape],
    }));
  }

  /** Replaces every parameter; shapes must match getWeights(). */
  setWeights(weights: Tensor[]): void {
    this.checkIdle('setWeights');
    batches.setWeights(this, this.session(undefined, 'setWeights'), weights);
  }

  /** Stops a running fit (it rejects before its next step) and ends the worker threads; the model is unusable after. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const pool = this.pool;
    this.pool = undefined;
    if (pool) unusedPools.unregister(pool);
    await pool?.close('dispose');
  }

  /** @internal Keeps the worker threads of the last fit; they end when the model is collected. */
  keepPool(pool: TrainingPool): void {
    if (this.pool === pool) return;
    if (this.pool) unusedPools.unregister(this.pool);
    this.pool = pool;
    unusedPools.register(this, pool, pool);
  }

  /** Saves to `path` atomically (see io/encode.ts for the format). */
  async save(path: string, options: SaveOptions = {}): Promise<void> {
    this.checkIdle('save');
    await writeFileAtomic(path, this.toBytes(options));
  }

  /** The saved form as bytes, for runtimes without a file system. */
  toBytes(options: SaveOptions = {}): Uint8Array {
    this.checkIdle('toBytes');
    return encodeModel(this, this.session(undefined, 'toBytes'), options);
  }

  countParams(): number {
    return this.layers.reduce((a, l) => a + l.countParams(), 0);
  }

  /** A table of layers, output shapes and parameter counts; printed with `print`. */
  summary(print: ((line: string) => void) | null = console.log): string {
    const text = summaryText(this.name, this.layers);
    if (print) print(text);
    return text;
  }
}
