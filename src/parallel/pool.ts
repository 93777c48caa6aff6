// Data-parallel training on worker threads. piscina starts the threads and reports their
// failures; each worker runs one long task that serves the whole fit. Per step the main
// thread writes the minibatch's place into a control block in shared memory and wakes the
// workers (Atomics.notify): no message per step. Every thread — the main one included —
// computes its chunks (forward, loss, backward) against the weights in place, each chunk
// into its own gradient block. Then each thread adds the chunk blocks of its share of the
// parameters, in chunk order, and checks them; then each applies the optimizer to its
// share. Every value is computed the same way whatever the number of threads.
import { availableParallelism } from 'node:os';
import { workerFile } from '../paths.js';
import type { Sequential } from '../model.js';
import { batchPlanBytes, pointParams, type BatchPlan } from '../plan.js';
import { CHUNK_ROWS, chunkCount, trainChunk, type ChunkJob, type ChunkResult, type TrainData } from './chunk.js';
import { CONTROL_WORDS, SEQ, CMD, STEP, START, ROWS, THREADS, DONE, RUN, STOP, REDUCE, UPDATE, RESULT_DOUBLES, chunksOf, rangeOf, resultsLayout } from './control.js';
import { reduceRange } from './worker.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { WorkerError, ValueError } from '../errors.js';
import type { SessionConfig, Task, Fault } from './worker.js';

export type WorkersOption = number | 'auto';

export interface PoolOptions {
  /** Milliseconds a step may take before its workers are considered hung; default 60,000. */
  stepTimeout?: number;
  /** Test hook: make a worker fail at a given step and chunk. */
  fault?: Fault;
  /** Heap limit of each worker in MiB (worker resourceLimits). */
  workerHeapMb?: number;
}

let warned = false;
const SPIN_MS = 1;

/** Threads to compute with, the main thread included; 1 means the main thread alone. */
export function resolveWorkers(workers: WorkersOption | undefined): number {
  if (workers === undefined) return 1;
  if (workers === 'auto') return Math.max(1, availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) throw new ValueError(`fit: workers must be a positive integer or 'auto', received ${String(workers)}`);
  return workers;
}

/** Says once per process that training falls back to the main thread, and why. */
export function warnFallback(why: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`simdnet: training on the main thread only: ${why}`, { code: 'SIMDNET_NO_WORKERS' });
}

interface Piscina {
  run(task: unknown): Promise<unknown>;
  destroy(): Promise<void>;
}

export class TrainingPool {
  private closed = false;
  private serving = false;
  private loops: Promise<unknown>[] = [];
  private failure?: Promise<never>;
  /** What the threads were started for: a later fit with the same key reuses them. */
  private key = '';
  private base!: Omit<Task, 'kind'>;

  private constructor(
    private readonly piscina: Piscina,
    private readonly model: Sequential,
    private readonly threads: number,
    private readonly ctrl: Int32Array,
    private readonly results: Float64Array,
    private readonly grads: number,
    private readonly stride: number,
    private readonly chunks: number,
    private options: PoolOptions,
  ) {}

  /**
   * Workers for this fit: reserves their buffers and one gradient block per chunk in the
   * arena and writes the session description there; then reuses `previous` if it was
   * started for the same session (its threads idle between fits), or starts threads − 1
   * new ones and checks that they see the shared memory. Starts their serving loops.
   * Returns undefined (after one warning) where workers cannot be used; training then
   * runs on the main thread alone.
   */
  static async acquire(model: Sequential, data: TrainData, batchSize: number, threads: number, options: PoolOptions, previous?: TrainingPool): Promise<TrainingPool | undefined> {
    if (process.env.SIMDNET_NO_WORKERS === '1') {
      warnFallback('SIMDNET_NO_WORKERS=1');
      return undefined;
    }
    if (typeof SharedArrayBuffer !== 'function' || typeof Atomics?.waitAsync !== 'function') {
      warnFallback('this runtime has no SharedArrayBuffer or Atomics.waitAsync');
      return undefined;
    }
    const { arena, layers } = model;
    const block = model.paramBlock;
    const chunks = chunkCount(batchSize);
    const planBytes = batchPlanBytes(layers, CHUNK_ROWS, arena.k.gemm_work_size());
    const stride = Math.ceil((block.size * 4) / 64) * 64;
    const grads = arena.alloc((stride / 4) * chunks, 'per-chunk gradients');
    const control = arena.alloc(CONTROL_WORDS, 'worker control');
    const layout = resultsLayout(chunks, threads);
    const results = arena.alloc(layout.doubles * 2, 'chunk results');
    const regions = Array.from({ length: threads - 1 }, (_, w) => ({ start: arena.alloc(planBytes / 4, `worker ${w + 1} buffers`), bytes: planBytes }));
    const config: SessionConfig = {
      layers: layers.map((l, i) => ({ className: l.className, config: { ...l.getConfig(), ...(i === 0 ? { inputShape: l.inputShape } : {}) } })),
      loss: { className: model.loss!.className, config: model.loss!.getConfig() },
      optimizer: { className: model.optimizer!.className, config: model.optimizer!.getConfig() },
      seed: model.seed,
      params: block.params,
      modelGrads: block.grads,
      slots: block.slots,
      size: block.size,
      data,
      grads,
      stride,
      control,
      results,
      chunks,
      regions,
    };
    const text = JSON.stringify(config);
    const json = new TextEncoder().encode(text);
    const configPtr = arena.alloc(Math.ceil(json.length / 4), 'worker session');
    new Uint8Array(arena.memory.buffer, configPtr, json.length).set(json);
    const key = `${threads}/${options.workerHeapMb ?? 0}/${text}`;
    if (previous && !previous.closed && previous.key === key) {
      previous.options = options;
      previous.serve({ ...previous.base, fault: options.fault });
      return previous;
    }
    await previous?.close();
    let PiscinaClass: new (o: Record<string, unknown>) => Piscina;
    try {
      PiscinaClass = (await import('piscina')).default as unknown as typeof PiscinaClass;
    } catch (e) {
      warnFallback(`worker threads are unavailable (${(e as Error).message})`);
      return undefined;
    }
    const piscina = new PiscinaClass({
      filename: workerFile,
      minThreads: threads - 1,
      maxThreads: threads - 1,
      idleTimeout: 60_000,
      ...(options.workerHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb } } : {}),
    });
    const ctrl = new Int32Array(arena.memory.buffer, control, CONTROL_WORDS);
    ctrl.fill(0);
    const pool = new TrainingPool(piscina, model, threads, ctrl, new Float64Array(arena.memory.buffer, results, layout.doubles), grads, stride, chunks, options);
    pool.key = key;
    pool.base = { memory: arena.memory, configPtr, configLength: json.length };
    if (!(await pool.selfTest(pool.base))) {
      await piscina.destroy();
      warnFallback('a worker did not see what WebAssembly wrote into shared memory');
      return undefined;
    }
    pool.serve({ ...pool.base, fault: options.fault });
    return pool;
  }

  // Starts every worker's serving loop for one fit. SEQ only ever grows: the loops start
  // from its current value, so a command issued before a loop runs is not missed.
  private serve(base: Omit<Task, 'kind'>): void {
    this.serving = true;
    const seq = Atomics.load(this.ctrl, SEQ);
    const serving = Array.from({ length: this.threads - 1 }, (_, w) => this.piscina.run({ ...base, kind: 'serve', thread: w + 1, seq } satisfies Task));
    this.loops = serving;
    this.failure = new Promise<never>((_, reject) => {
      serving.forEach((p, w) =>
        p.then(
          () => this.serving && reject(new Error(`worker ${w + 1} stopped serving`)),
          (e: Error) => reject(new Error(`worker ${w + 1}: ${e.message}`)),
        ),
      );
    });
    this.failure.catch(() => undefined);
  }

  // Main-thread WASM writes a value the workers must read, and each writes one back
  // through its own instance: the memory really is shared between the instances.
  private async selfTest(base: Omit<Task, 'kind'>): Promise<boolean> {
    const { arena } = this.model;
    const mark = arena.mark();
    const n = this.threads - 1;
    const probe = arena.alloc(n + 1, 'self-test');
    arena.k.fill(probe, n + 1, 0);
    arena.k.fill(probe, 1, 1234.5);
    try {
      const seen = await Promise.all(Array.from({ length: n }, (_, i) => this.piscina.run({ ...base, kind: 'selftest', probe, slot: i + 1 })));
      const wrote = arena.read(probe + 4, n);
      return seen.every((v) => v === 1234.5) && wrote.every((v, i) => v === i + 1);
    } catch {
      return false;
    } finally {
      arena.release(mark);
    }
  }

  // Issues a command to the workers (they are waiting on SEQ).
  private command(cmd: number): void {
    Atomics.store(this.ctrl, CMD, cmd);
    Atomics.store(this.ctrl, DONE, 0);
    Atomics.add(this.ctrl, SEQ, 1);
    Atomics.notify(this.ctrl, SEQ);
  }

  /**
   * Computes every chunk of one minibatch on all threads and adds their gradients into the
   * model's gradient block. Results in chunk order; `finite` is false if a gradient is not.
   */
  async compute(job: Omit<ChunkJob, 'chunk'>, plan: BatchPlan, data: TrainData, epoch: number, batch: number): Promise<{ results: ChunkResult[]; finite: boolean }> {
    const { ctrl, model, threads } = this;
    const chunks = chunkCount(job.rows);
    ctrl[STEP] = job.step;
    ctrl[START] = job.start;
    ctrl[ROWS] = job.rows;
    ctrl[THREADS] = threads;
    this.command(RUN);
    const block = model.paramBlock;
    const own: ChunkResult[] = [];
    try {
      for (const chunk of chunksOf(0, threads, chunks)) {
        const grads = this.grads + chunk * this.stride;
        pointParams(model.layers, block.params, grads);
        model.k.fill(grads, block.size, 0);
        own[chunk] = trainChunk(model, plan, data, { ...job, chunk });
      }
    } finally {
      pointParams(model.layers, block.params, block.grads);
    }
    await this.workersDone(epoch, batch);
    const results = Array.from({ length: chunks }, (_, c) => own[c] ?? this.result(c));
    this.command(REDUCE);
    const [lo, hi] = rangeOf(0, threads, block.size);
    let finite = reduceRange({ k: model.k, config: { grads: this.grads, stride: this.stride, modelGrads: block.grads } }, chunks, lo, hi) === 1;
    await this.workersDone(epoch, batch);
    const flags = this.layout();
    for (let t = 1; t < threads; t++) finite &&= this.results[flags.finite + t] === 1;
    return { results, finite };
  }

  /** One optimizer step, each thread on its share of the parameters; returns the penalty. */
  async update(optimizer: Optimizer, epoch: number, batch: number): Promise<number> {
    const { model, threads } = this;
    const block = model.paramBlock;
    const at = this.layout();
    const lr = optimizer.currentLearningRate();
    this.results[at.lr] = lr;
    this.command(UPDATE);
    const [lo, hi] = rangeOf(0, threads, block.size);
    let penalty = optimizer.applyRange(model.k, block, block.segments, lo, hi, lr);
    await this.workersDone(epoch, batch);
    for (let t = 1; t < threads; t++) penalty += this.results[at.penalty + t];
    optimizer.iterations++;
    return penalty;
  }

  private layout() {
    return resultsLayout(this.chunks, this.threads);
  }

  private result(chunk: number): ChunkResult {
    const r = this.results.subarray(chunk * RESULT_DOUBLES, (chunk + 1) * RESULT_DOUBLES);
    return { loss: r[0], penalty: r[1], correct: r[2] };
  }

  // Waits (without blocking the event loop) until every worker has reported the step done,
  // or one fails, or the step timeout passes.
  private async workersDone(epoch: number, batch: number): Promise<void> {
    const expected = this.threads - 1;
    const timeout = this.options.stepTimeout ?? 60_000;
    const deadline = performance.now() + timeout;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`a worker did not finish within ${timeout} ms`)), timeout);
    });
    // Workers usually finish within a fraction of a millisecond of the main thread: spin
    // briefly first (the event loop's wake-up would cost more than the wait), then sleep.
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(this.ctrl, DONE) < expected && performance.now() < spinUntil);
    try {
      for (let done = Atomics.load(this.ctrl, DONE); done < expected; done = Atomics.load(this.ctrl, DONE)) {
        const wait = Atomics.waitAsync(this.ctrl, DONE, done, Math.max(1, deadline - performance.now()));
        if (wait.async) await Promise.race([wait.value, this.failure!, expired]);
      }
    } catch (e) {
      await this.close();
      throw new WorkerError(`fit: epoch ${epoch}, batch ${batch}: ${(e as Error).message}; the workers were stopped and the weights are those of the last completed step`, epoch, batch);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the serving loops; the threads stay (idle, not keeping the process alive) for the next fit. */
  async stop(): Promise<void> {
    if (!this.serving) return;
    this.serving = false;
    this.command(STOP);
    await Promise.allSettled(this.loops);
  }

  /** Stops the serving loops and the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.serving = false;
    this.command(STOP);
    await this.piscina.destroy();
  }
}
