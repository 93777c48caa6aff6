// A piscina worker. Its one long task (`serve`) instantiates the kernels on the model's
// shared memory, rebuilds the layer stack from the session description stored there
// (parameters are read in place), then waits on the control block and computes its share
// of the chunks of each step until told to stop.
import { threadId } from 'node:worker_threads';
import { instantiate, type Kernels } from '../wasm.js';
import { deserializeLayer } from '../layers/registry.js';
import type { Layer } from '../layers/layer.js';
import { getLoss, type Loss } from '../losses.js';
import { layoutParams, pointParams, planBatch, Region, type BatchPlan } from '../plan.js';
import { CHUNK_ROWS, chunkCount, trainChunk, type TrainData } from './chunk.js';
import { CONTROL_WORDS, SEQ, CMD, STEP, START, ROWS, THREADS, DONE, STOP, RUN, REDUCE, RESULT_DOUBLES, chunksOf, rangeOf, resultsLayout } from './control.js';
import { getOptimizer, type Optimizer, type Segment } from '../optimizers/optimizer.js';
import '../catalogue.js';

// A command usually follows the last one within microseconds (the phases of a step), and
// waking a sleeping thread costs more than that on a VM: spin this long before sleeping.
const SPIN_MS = 1;

/** What the main thread writes into shared memory for the workers of one fit. */
export interface SessionConfig {
  layers: { className: string; config: Record<string, unknown> }[];
  loss: { className: string; config: Record<string, unknown> };
  optimizer: { className: string; config: Record<string, unknown> };
  seed: number;
  /** The parameter block (read in place), the model's gradient and slot blocks, their size in floats. */
  params: number;
  modelGrads: number;
  slots: number;
  size: number;
  data: TrainData;
  /** Gradient block of chunk c: grads + c·stride bytes. */
  grads: number;
  stride: number;
  /** Control words, and per-chunk results (RESULT_DOUBLES float64 for each of `chunks`). */
  control: number;
  results: number;
  chunks: number;
  /** Activation buffers of worker w (1-based): regions[w − 1]. */
  regions: { start: number; bytes: number }[];
}

/** Test hook: fail in a chosen way when computing `chunk` of optimizer step `step`. */
export interface Fault {
  kind: 'throw' | 'trap' | 'exit' | 'oom' | 'hang';
  step: number;
  chunk: number;
}

export interface Task {
  kind: 'serve' | 'selftest';
  memory: WebAssembly.Memory;
  configPtr: number;
  configLength: number;
  /** serve: this worker's thread number (1 … threads − 1), and the control block's SEQ when it started. */
  thread?: number;
  seq?: number;
  fault?: Fault;
  probe?: number;
  slot?: number;
}

interface Session {
  k: Kernels;
  layers: Layer[];
  loss: Loss;
  optimizer: Optimizer;
  segments: Segment[];
  seed: number;
  config: SessionConfig;
}

function open(task: Task): Session {
  const k = instantiate(task.memory);
  const bytes = new Uint8Array(task.memory.buffer, task.configPtr, task.configLength).slice();
  const config = JSON.parse(new TextDecoder().decode(bytes)) as SessionConfig;
  const layers = config.layers.map((spec) => deserializeLayer(spec, 'worker'));
  let shape = layers[0].declaredInputShape!;
  layers.forEach((l, i) => {
    l.build(shape);
    shape = l.outputShape;
    l.index = i;
  });
  const loss = getLoss(config.loss, 'worker');
  const last = layers[layers.length - 1];
  last.fusedOutput = !!loss.fuses && last.outputActivation() === loss.fuses;
  const { segments } = layoutParams(layers);
  const optimizer = getOptimizer(config.optimizer, 'worker');
  return { k, layers, loss, optimizer, segments, seed: config.seed, config };
}

function injectFault(fault: Fault | undefined, s: Session, step: number, chunk: number): void {
  if (!fault || fault.step !== step || fault.chunk !== chunk) return;
  if (fault.kind === 'throw') throw new Error('injected fault');
  if (fault.kind === 'trap') s.k.fill(0xfffffff0, 1024, 0); // out of bounds: a WebAssembly trap
  if (fault.kind === 'exit') process.exit(3);
  if (fault.kind === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(new Array(1e6).fill(hog.length));
  }
  if (fault.kind === 'hang') for (;;);
}

function serve(task: Task): number {
  const s = open(task);
  const { config } = s;
  const region = config.regions[task.thread! - 1];
  const plan: BatchPlan = planBatch(new Region(region.start, region.bytes), s.layers, CHUNK_ROWS, s.k.gemm_work_size());
  // Views made once: the control block and results lie below any later memory growth.
  const ctrl = new Int32Array(task.memory.buffer, config.control, CONTROL_WORDS);
  const results = new Float64Array(task.memory.buffer, config.results, resultsLayout(config.chunks, config.regions.length + 1).doubles);
  let seen = task.seq!; // SEQ when the loop was started: the main thread may already have moved on
  let steps = 0;
  for (;;) {
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(ctrl, SEQ) === seen && performance.now() < spinUntil);
    Atomics.wait(ctrl, SEQ, seen);
    seen = Atomics.load(ctrl, SEQ);
    const cmd = Atomics.load(ctrl, CMD);
    if (cmd === STOP) return steps;
    const job = { step: ctrl[STEP], start: ctrl[START], rows: ctrl[ROWS] };
    const threads = ctrl[THREADS];
    const chunks = chunkCount(job.rows);
    const at = resultsLayout(config.chunks, threads);
    const [lo, hi] = rangeOf(task.thread!, threads, config.size);
    if (cmd === RUN) {
      for (const chunk of chunksOf(task.thread!, threads, chunks)) {
        injectFault(task.fault, s, job.step, chunk);
        const grads = config.grads + chunk * config.stride;
        pointParams(s.layers, config.params, grads);
        s.k.fill(grads, config.size, 0);
        let r;
        try {
          r = trainChunk(s, plan, config.data, { ...job, chunk });
        } catch (e) {
          throw new Error(`thread ${threadId}: ${(e as Error).message}`);
        }
        results.set([r.loss, r.penalty, r.correct], chunk * RESULT_DOUBLES);
      }
      steps++;
    } else if (cmd === REDUCE) {
      results[at.finite + task.thread!] = reduceRange(s, chunks, lo, hi);
    } else {
      s.optimizer.iterations = job.step;
      const block = { size: config.size, params: config.params, grads: config.modelGrads, slots: config.slots };
      results[at.penalty + task.thread!] = s.optimizer.applyRange(s.k, block, s.segments, lo, hi, results[at.lr]);
    }
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}

/** Adds the chunk gradients of parameters [lo, hi) in chunk order into the model's; 1 if all finite. */
export function reduceRange(s: { k: Kernels; config: Pick<SessionConfig, 'grads' | 'stride' | 'modelGrads'> }, chunks: number, lo: number, hi: number): number {
  if (hi <= lo) return 1;
  const { k, config } = s;
  return k.accumulate_blocks(config.modelGrads + 4 * lo, config.grads + 4 * lo, chunks, config.stride, hi - lo);
}

export default function run(task: Task): number {
  if (task.kind === 'selftest') {
    const k = instantiate(task.memory);
    const seen = new Float32Array(task.memory.buffer, task.probe!, 1)[0];
    k.fill(task.probe! + 4 * task.slot!, 1, task.slot!);
    return seen;
  }
  return serve(task);
}
