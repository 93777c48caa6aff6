// The batch plan: every buffer one pass over up to `capacity` rows needs — the gathered
// input, each layer's output and output gradient, the targets, GEMM scratch, and the
// buffers layers declare for their backward — and the Call each layer is handed. Layers
// keep no pointers, so a plan is measured with a dry run (planBytes) and a worker plans
// its own buffers in its own region of the shared memory.
import type { Kernels } from '../kernels.js';
import type { Call, Layer } from '../layers/layer.js';
import type { ParamLayout } from './layout.js';

/** Anything that hands out memory: the arena, or a fixed region of it (a worker's). */
export interface Allocator {
  alloc(count: number, what: string): number;
}

/** A layer's Call; the session sets step, row0 and the gradient block before each pass. */
export interface LayerCall extends Call {
  step: number;
  row0: number;
  grads: number[];
}

export interface BatchPlan {
  capacity: number;
  /** Gathered input rows (capacity × input width). */
  x: number;
  /** Output of each layer (capacity × its output width). */
  y: number[];
  /** Gradient w.r.t. each layer's output; d[-1] is the gradient w.r.t. the input, when planned. */
  d: number[];
  /** Gradient w.r.t. the model's input, or 0 when not planned. */
  dx: number;
  /** Targets of the batch: i32 indices or f32 rows. */
  targets: number;
  work: number;
  calls: LayerCall[];
  /** Gradient block and parameter region the calls point at now. */
  gradBase: number;
  paramBase: number;
}

/** What a plan is made for: the assembled network. */
export interface PlanNet {
  readonly k: Kernels;
  readonly layers: readonly Layer[];
  readonly layout: ParamLayout;
  readonly seed: number;
  /** Index of the layer whose output activation the loss takes over, or -1. */
  readonly fusedLayer: number;
}

export function planBatch(a: Allocator, net: PlanNet, params: number, capacity: number, inputGrad = false): BatchPlan {
  const { layers, layout, k } = net;
  const alloc = (n: number, what: string) => a.alloc(n, `${what} (batch of ${capacity})`);
  const last = layers[layers.length - 1];
  const x = alloc(capacity * layers[0].inputSize, 'input batch');
  const y = layers.map((l) => alloc(capacity * l.outputSize, `${l.name} output`));
  const d = layers.map((l) => alloc(capacity * l.outputSize, `${l.name} gradient`));
  const dx = inputGrad ? alloc(capacity * layers[0].inputSize, 'input gradient') : 0;
  const targets = alloc(capacity * last.outputSize, 'targets');
  const work = alloc(k.gemm_work_size(), 'gemm scratch');
  const calls = layers.map((l, i): LayerCall => {
    const fused = i === net.fusedLayer;
    const saved = l.saved(fused).map((s) => alloc((s.fixed ? 1 : capacity) * s.perRow, `${l.name} ${s.name}`));
    const ptrs = layout.offsets[i].map((o) => params + 4 * o);
    return {
      k,
      work,
      params: ptrs,
      grads: ptrs.map(() => 0),
      saved,
      fused,
      index: i,
      seed: net.seed,
      step: 0,
      row0: 0,
    };
  });
  return { capacity, x, y, d, dx, targets, work, calls, gradBase: -1, paramBase: params };
}

/** Points every call's gradients at the block at `grads` (same layout as the parameters). */
export function pointGrads(plan: BatchPlan, layout: ParamLayout, grads: number): void {
  if (plan.gradBase === grads) return;
  plan.gradBase = grads;
  plan.calls.forEach((c, i) => layout.offsets[i].forEach((o, j) => (c.grads[j] = grads + 4 * o)));
}

/** Points every call's parameters at the region at `params` (the live one of the two). */
export function pointParams(plan: BatchPlan, layout: ParamLayout, params: number): void {
  if (plan.paramBase === params) return;
  plan.paramBase = params;
  plan.calls.forEach((c, i) => layout.offsets[i].forEach((o, j) => ((c.params as number[])[j] = params + 4 * o)));
}

/** A fixed byte range [start, start + bytes) handed out like the arena; never grows. */
export class Region implements Allocator {
  private top: number;
  constructor(
    readonly start: number,
    readonly bytes: number,
  ) {
    this.top = start;
  }
  alloc(count: number, what: string): number {
    const ptr = this.top;
    this.top = Math.ceil((ptr + count * 4) / 64) * 64;
    if (this.top > this.start + this.bytes) throw new Error(`region overflow allocating ${what}`);
    return ptr;
  }
  get used(): number {
    return this.top - this.start;
  }
}

/** Bytes planBatch takes for `capacity` rows: a dry run, since layers hold no pointers. */
export function planBytes(net: PlanNet, capacity: number, inputGrad = false): number {
  const dry = new Region(0, Number.MAX_SAFE_INTEGER);
  planBatch(dry, net, 0, capacity, inputGrad);
  return dry.used;
}
