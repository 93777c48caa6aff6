// A worker thread's work, the same in Node's worker threads (worker.ts, under piscina) and a
// browser's Web Workers (web/worker.ts). Its one long task (`serve`) builds the model's
// Session on the shared memory from the description stored there (parameters are read in
// place), then waits on the control block and runs its StepShare of each step until told to
// stop: the same code the main thread runs for its own share.
import { instantiate, useModule } from '../wasm.js';
import { deserializeLayer } from '../layers/registry.js';
import { getLoss } from '../losses.js';
import { getOptimizer } from '../optimizers/optimizer.js';
import { Session, type ChunkResult } from '../core/session.js';
import { Region } from '../core/plan.js';
import { StepShare } from '../core/steps.js';
import {
  CONTROL_WORDS,
  CMD,
  STEP,
  START,
  ROWS,
  THREADS,
  DONE,
  ROUND,
  STOP,
  RUN,
  REDUCE,
  UPDATE,
  PARAMS,
  SLOTS,
  OTHER,
  RESULT_DOUBLES,
  resultsLayout,
  nextCommand,
} from './control.js';
import type { SessionConfig, Task } from './session-config.js';
import type { Fault } from '../fit-types.js';
import '../catalogue.js';

// A command usually follows the last one within microseconds (the phases of a step), and
// waking a sleeping thread costs more than that on a VM: spin this long before sleeping.
const SPIN_MS = 1;

function open(task: Task) {
  const bytes = new Uint8Array(task.memory.buffer, task.configPtr, task.configLength).slice();
  const config = JSON.parse(new TextDecoder().decode(bytes)) as SessionConfig;
  useModule(config.build, task.module);
  const k = instantiate(task.memory);
  const layers = config.layers.map((spec) => deserializeLayer(spec, 'worker'));
  const session = new Session(k, layers, config.inputShape, getLoss(config.loss, 'worker'), config.seed, config.block);
  const region = config.regions[task.thread! - 1];
  const plan = session.plan(new Region(region.start, region.bytes), session.chunkRows);
  const share = new StepShare(session, plan, config.data, config.scratch, task.thread!);
  return { config, share, optimizer: getOptimizer(config.optimizer, 'worker') };
}

function injectFault(fault: Fault | undefined, s: StepShare, step: number, chunk: number): void {
  if (!fault || fault.step !== step || fault.chunk !== chunk) return;
  if (fault.kind === 'throw') throw new Error('injected fault');
  if (fault.kind === 'trap') s.session.k.fill(0xfffffff0, 1024, 0); // out of bounds: a WebAssembly trap
  if (fault.kind === 'exit') (globalThis as { process?: { exit(code: number): never } }).process?.exit(3);
  if (fault.kind === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(new Array(1e6).fill(hog.length));
  }
  if (fault.kind === 'hang') for (;;);
}

function serve(task: Task): number {
  const { config, share, optimizer } = open(task);
  const thread = task.thread!;
  // Views made once: the control block and results lie below any later memory growth.
  const ctrl = new Int32Array(task.memory.buffer, config.control, CONTROL_WORDS);
  const at = resultsLayout(config.chunks, config.threads);
  const results = new Float64Array(task.memory.buffer, config.results, at.doubles);
  let seen = task.seq!; // SEQ when the loop was started: the main thread may already have moved on
  let steps = 0;
  for (;;) {
    seen = nextCommand(ctrl, seen, SPIN_MS);
    const cmd = Atomics.load(ctrl, CMD);
    if (cmd === STOP) return steps;
    const job = { step: ctrl[STEP], start: ctrl[START], rows: ctrl[ROWS] };
    const threads = ctrl[THREADS];
    const round = ctrl[ROUND];
    const block = share.session.block; // the live region, as the main thread has it now
    block.params = ctrl[PARAMS];
    block.slots = ctrl[SLOTS];
    block.other = ctrl[OTHER];
    if (cmd === RUN) {
      const chunk = share.chunkOf(job, threads, round);
      if (chunk >= 0) {
        injectFault(task.fault, share, job.step, chunk);
        let r: ChunkResult;
        try {
          r = share.compute(job, threads, round)!;
        } catch (e) {
          throw new Error(`thread ${task.thread}: ${(e as Error).message}`);
        }
        results.set([r.loss, r.penalty, r.correct], chunk * RESULT_DOUBLES);
      }
      steps++;
    } else if (cmd === REDUCE) {
      results[at.finite + thread] = share.reduce(job, threads, round);
    } else if (cmd === UPDATE) {
      optimizer.iterations = job.step;
      const r = share.update(optimizer, threads, results[at.lr], job.rows ? { job, round } : undefined);
      results[at.penalty + thread] = r.penalty;
      results[at.finite + thread] = r.finite ? 1 : 0;
    }
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}

/** Runs one task: the serving loop, or the self-test that the memory really is shared. */
export function runTask(task: Task): number {
  if (task.kind === 'selftest') {
    useModule(task.build, task.module);
    const k = instantiate(task.memory);
    const seen = new Float32Array(task.memory.buffer, task.probe!, 1)[0];
    k.fill(task.probe! + 4 * task.slot!, 1, task.slot!);
    return seen;
  }
  return serve(task);
}
