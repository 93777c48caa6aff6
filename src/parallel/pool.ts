// Data-parallel training on worker threads (thread-host.ts: piscina's, or a browser's Web
// Workers), which start the threads and report their failures; each worker runs one long
// task that serves the whole fit. Per step the main thread writes the minibatch's place into
// a control block in shared memory and wakes the workers (Atomics.notify): no message per
// step. Every thread, the main one included, runs its StepShare (core/steps.ts) of each
// phase: compute a round's chunks, reduce them in chunk order, update its share of the
// parameters.
import type { Block, ChunkResult, Session } from '../core/session.js';
import { roundsOf, type Pending, type StepShare, type StepJob } from '../core/steps.js';
import {
  CONTROL_WORDS,
  SEQ,
  DONE,
  RUN,
  STOP,
  REDUCE,
  UPDATE,
  RESULT_DOUBLES,
  issueCommand,
  spinWhile,
  type resultsLayout,
} from './control.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Arena } from '../memory.js';
import { StateError, WorkerError, quote } from '../errors.js';
import { fallback, noSharedThreads, startedOrFailed } from './threads.js';
import { sharedThreads, dropThreads } from './thread-host.js';
import { kernelModule } from '../wasm.js';
import type { PoolJob, PoolModel, PoolOptions, Task, Threads } from './session-config.js';
import { writeSessionConfig } from './session-config.js';

const SPIN_MS = 1;

export class TrainingPool {
  private closed = false;
  private closedBy?: string;
  // Rejected by close(): wakes a step waiting on its workers.
  private interrupt!: (e: Error) => void;
  private readonly closing = new Promise<never>((_, reject) => (this.interrupt = reject));
  private serving = false;
  private loops: Promise<unknown>[] = [];
  private failure?: Promise<never>;
  /** What the threads were started for: a later fit with the same key reuses them. */
  private key = '';
  private base!: Omit<Task, 'kind'>;
  private ctrl!: Int32Array;
  private results!: Float64Array;
  private at!: ReturnType<typeof resultsLayout>;
  /** The session's block: its live region changes with every update. */
  private block!: Block;

  private constructor(
    private readonly host: Threads,
    private readonly arena: Arena,
    readonly threads: number,
    private options: PoolOptions,
  ) {
    this.closing.catch(() => undefined); // only a waiting step needs to hear of it
  }

  /**
   * Workers for this fit: writes the session description into the arena (session-config.ts),
   * reuses `previous` if it served the same one, else checks that the shared threads see the
   * memory. Returns undefined (after one warning) where workers cannot be used: the main
   * thread then trains alone, with the same numbers.
   */
  static async acquire(
    model: PoolModel,
    s: Session,
    job: PoolJob,
    options: PoolOptions,
    previous?: TrainingPool,
  ): Promise<TrainingPool | undefined> {
    const missing = noSharedThreads();
    if (missing) return fallback(missing);
    const { arena } = model;
    const { threads } = job;
    const { control, results, at, configPtr, json, text } = writeSessionConfig(model, s, job);
    const key = `${options.workerHeapMb ?? 0}/${text}`;
    const base = { memory: arena.memory, configPtr, configLength: json.length, ...kernelModule() };
    if (previous && !previous.closed && previous.key === key) {
      previous.options = options;
      previous.serve({ ...previous.base, fault: options.fault });
      return previous;
    }
    await previous?.close('replaced');
    let host: Threads;
    try {
      host = await sharedThreads(options.workerHeapMb);
    } catch (e) {
      return fallback(`worker threads are unavailable (${(e as Error).message})`);
    }
    const pool = new TrainingPool(host, arena, threads, options);
    pool.key = key;
    pool.base = base;
    pool.ctrl = new Int32Array(arena.memory.buffer, control, CONTROL_WORDS);
    pool.ctrl.fill(0);
    pool.results = new Float64Array(arena.memory.buffer, results, at.doubles);
    pool.at = at;
    pool.block = s.block;
    const failed = await pool.selfTest(base);
    if (failed) {
      await pool.close();
      return fallback(failed);
    }
    pool.serve({ ...base, fault: options.fault });
    return pool;
  }

  // Starts every worker's serving loop for one fit. SEQ only ever grows: the loops start
  // from its current value, so a command issued before a loop runs is not missed.
  private serve(base: Omit<Task, 'kind'>): void {
    this.serving = true;
    const seq = Atomics.load(this.ctrl, SEQ);
    const serving = Array.from({ length: this.threads - 1 }, (_, w) =>
      this.host.run({ ...base, kind: 'serve', thread: w + 1, seq } satisfies Task),
    );
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
  private async selfTest(base: Omit<Task, 'kind'>): Promise<string | undefined> {
    const { arena } = this;
    const mark = arena.mark();
    const n = this.threads - 1;
    const probe = arena.alloc(n + 1, 'self-test');
    arena.k.fill(probe, n + 1, 0);
    arena.k.fill(probe, 1, 1234.5);
    try {
      const task = (i: number) => ({ ...base, kind: 'selftest', probe, slot: i + 1 });
      const runs = Array.from({ length: n }, (_, i) => this.host.run(task(i)));
      const seen = await startedOrFailed(this.host, Promise.all(runs));
      const wrote = arena.read(probe + 4, n);
      const ok = seen.every((v) => v === 1234.5) && wrote.every((v, i) => v === i + 1);
      return ok ? undefined : 'a worker did not see what WebAssembly wrote into shared memory';
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const limit = this.options.workerHeapMb;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `a worker ran out of memory starting (workerHeapMb: ${limit})`;
      return `a worker could not start (${quote((e as Error).message)})`;
    } finally {
      arena.release(mark);
    }
  }

  // Issues a command to the workers (they are waiting on SEQ).
  private command(cmd: number, job?: StepJob, round = 0): void {
    issueCommand(this.ctrl, cmd, job, round, this.threads, this.block);
  }

  /**
   * The chunks of one minibatch on every thread, round by round, reduced in chunk order; results
   * in chunk order. With `leaveLast`, the last round is left for the update (`pending`).
   */
  async step(
    share: StepShare,
    job: StepJob,
    epoch: number,
    batch: number,
    leaveLast = false,
  ): Promise<{ results: ChunkResult[]; finite: boolean; pending?: Pending }> {
    const { threads } = this;
    const chunks = share.session.chunkCount(job.rows);
    const rounds = roundsOf(share.session, job.rows, threads);
    const results: ChunkResult[] = [];
    let finite = true;
    for (let round = 0; round < rounds; round++) {
      this.command(RUN, job, round);
      const own = share.compute(job, threads, round);
      await this.workersDone(epoch, batch);
      for (let c = round * threads; c < Math.min(chunks, (round + 1) * threads); c++)
        results[c] = c === round * threads ? own! : this.result(c);
      if (leaveLast && round === rounds - 1) return { results, finite, pending: { job, round } };
      this.command(REDUCE, job, round);
      finite = share.reduce(job, threads, round) === 1;
      await this.workersDone(epoch, batch);
      for (let t = 1; t < threads; t++) finite &&= this.results[this.at.finite + t] === 1;
    }
    return { results, finite };
  }

  /**
   * One optimizer update, each thread on its share of the parameters, into the other region;
   * adopted (and the step counted) only if every share is finite. Returns the penalty and
   * whether it landed.
   */
  async update(share: StepShare, optimizer: Optimizer, epoch: number, batch: number, pending?: Pending) {
    const lr = optimizer.currentLearningRate();
    this.results[this.at.lr] = lr;
    // rows = 0: no round pending; else the workers add the pending round's blocks too
    const job = { step: optimizer.iterations, start: pending?.job.start ?? 0, rows: pending?.job.rows ?? 0 };
    this.command(UPDATE, job, pending?.round ?? 0);
    const own = share.update(optimizer, this.threads, lr, pending);
    // No step timeout here: an update is a bounded pass over a share of the parameters, and
    // stopping a thread in the middle of it would leave the weights half-updated.
    await this.workersDone(epoch, batch, false);
    let { penalty, finite } = own;
    for (let t = 1; t < this.threads; t++) {
      penalty += this.results[this.at.penalty + t];
      finite &&= this.results[this.at.finite + t] === 1;
    }
    if (finite) {
      share.session.flip();
      optimizer.iterations++;
    }
    return { penalty, finite };
  }

  private result(chunk: number): ChunkResult {
    const r = this.results.subarray(chunk * RESULT_DOUBLES, (chunk + 1) * RESULT_DOUBLES);
    return { loss: r[0], penalty: r[1], correct: r[2] };
  }

  // Waits (without blocking the event loop) until every worker has reported the command done,
  // or one fails, or the step timeout passes.
  private async workersDone(epoch: number, batch: number, timed = true): Promise<void> {
    const expected = this.threads - 1;
    // Workers usually finish within a fraction of a millisecond of the main thread: spin
    // briefly first (the event loop's wake-up would cost more than the wait), then sleep.
    // Done by then, as in most steps: no timer and no promise to make.
    spinWhile(() => Atomics.load(this.ctrl, DONE) < expected, SPIN_MS);
    if (Atomics.load(this.ctrl, DONE) >= expected) return;
    const timeout = timed ? (this.options.stepTimeout ?? 60_000) : 2 ** 31 - 1;
    const deadline = performance.now() + timeout;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`a worker did not finish within ${timeout} ms`)), timeout);
    });
    try {
      for (let done = Atomics.load(this.ctrl, DONE); done < expected; done = Atomics.load(this.ctrl, DONE)) {
        const wait = Atomics.waitAsync(this.ctrl, DONE, done, Math.max(1, deadline - performance.now()));
        if (wait.async) await Promise.race([wait.value, this.failure!, expired, this.closing]);
      }
    } catch (e) {
      if (this.closedBy === 'dispose') {
        throw new StateError(
          `fit: the model was disposed during epoch ${epoch}, batch ${batch}; ` +
            'the weights are those of the last completed step',
        );
      }
      await this.close();
      const msg =
        `fit: epoch ${epoch}, batch ${batch}: ${(e as Error).message}; the workers were stopped and the ` +
        `weights are those of the last completed step`;
      throw new WorkerError(msg, epoch, batch);
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

  /**
   * Stops the serving loops; `by` says who (dispose makes a running fit reject with a
   * StateError). The threads are shared by every model and end when idle, except after a
   * failure: a thread may be hung or broken, so that set of threads is ended now.
   */
  async close(by: 'dispose' | 'failure' | 'gc' | 'replaced' = 'failure'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closedBy = by;
    this.interrupt(new Error(`the workers were stopped (${by})`));
    const wasServing = this.serving;
    this.serving = false;
    this.command(STOP);
    if (by === 'failure') await dropThreads(this.host);
    else if (wasServing) await Promise.allSettled(this.loops);
  }
}
