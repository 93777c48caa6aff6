// Memory plan of a model: one block each for parameters, gradients and optimizer
// slots (same layout, so zeroing gradients and updating weights are single calls
// over the whole block), then per-batch buffers sized for a batch capacity.
import type { Arena } from './memory.js';
import type { Layer } from './layers/layer.js';
import type { Segment } from './optimizers/optimizer.js';
import { deserializeLayer } from './layers/registry.js';

/** Floats between consecutive parameters, so each starts 64-byte aligned. */
const PARAM_ALIGN = 16;

export interface ParamBlock {
  /** Floats in the block, padding included. */
  size: number;
  params: number;
  grads: number;
  slots: number;
  /** The block cut into runs that share one L1/L2 regularizer (one run if none is used). */
  segments: Segment[];
}

/** Lays out every layer's parameters in one block and points each Param at it. */
export function planParams(arena: Arena, layers: Layer[], slotCount: number): ParamBlock {
  const { size, segments } = layoutParams(layers);
  const params = arena.alloc(size, 'parameters');
  const grads = arena.alloc(size, 'gradients');
  const slots = arena.alloc(size * slotCount, 'optimizer state');
  pointParams(layers, params, grads);
  return { size, params, grads, slots, segments };
}

/** Points every Param at its place in the blocks at `params` and `grads`. */
export function pointParams(layers: Layer[], params: number, grads: number): void {
  for (const layer of layers) {
    for (const p of layer.params) {
      p.ptr = params + p.offset * 4;
      p.grad = grads + p.offset * 4;
    }
  }
}

/** Float offsets of every parameter in the block (set on each Param), the block size and its segments. */
export function layoutParams(layers: Layer[]): { size: number; segments: Segment[] } {
  let size = 0;
  const segments: Segment[] = [];
  for (const layer of layers) {
    for (const p of layer.params) {
      p.offset = size;
      const padded = Math.ceil(p.size / PARAM_ALIGN) * PARAM_ALIGN;
      size += padded;
      const l1 = p.regularizer?.l1 ?? 0, l2 = p.regularizer?.l2 ?? 0;
      const last = segments[segments.length - 1];
      if (last && last.l1 === l1 && last.l2 === l2) last.size += padded;
      else segments.push({ offset: p.offset, size: padded, l1, l2 });
    }
  }
  return { size, segments };
}

/** Buffers for batches of up to `capacity` rows. */
export interface BatchPlan {
  capacity: number;
  /** Gathered input rows (capacity × input width). */
  x: number;
  /** Output of each layer (capacity × its output width). */
  y: number[];
  /** Gradient w.r.t. each layer's output. */
  d: number[];
  /** Targets of the batch: i32 indices or f32 rows. */
  targets: number;
  /** gemm scratch. */
  work: number;
}

/** Anything that hands out memory: the arena, or a fixed region of it (a worker's). */
export interface Allocator {
  alloc(count: number, what: string): number;
}

export function planBatch(arena: Allocator, layers: Layer[], capacity: number, workSize: number): BatchPlan {
  const alloc = (n: number, what: string) => arena.alloc(n, `${what} (batch of ${capacity})`);
  const last = layers[layers.length - 1];
  const plan: BatchPlan = {
    capacity,
    x: alloc(capacity * layers[0].inputSize, 'input batch'),
    y: layers.map((l) => alloc(capacity * l.outputSize, `${l.name} output`)),
    d: layers.map((l) => alloc(capacity * l.outputSize, `${l.name} gradient`)),
    targets: alloc(capacity * last.outputSize, 'targets'),
    work: alloc(workSize, 'gemm scratch'),
  };
  for (const l of layers) l.plan(alloc, capacity);
  return plan;
}

/** A fixed byte range [start, start + bytes) handed out like the arena; never grows. */
export class Region implements Allocator {
  private top: number;
  constructor(readonly start: number, readonly bytes: number) {
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

/**
 * Bytes planBatch takes for `capacity` rows: a dry run on copies of the layers, since
 * planning points a layer's saved buffers (pre-activations, masks) at what it allocates.
 */
export function batchPlanBytes(layers: Layer[], capacity: number, workSize: number): number {
  const copies = layers.map((l) => {
    const c = deserializeLayer({ className: l.className, config: l.getConfig() }, 'plan');
    c.build(l.inputShape);
    c.fusedOutput = l.fusedOutput;
    return c;
  });
  const dry = new Region(0, Number.MAX_SAFE_INTEGER);
  planBatch(dry, copies, capacity, workSize);
  return dry.used;
}
