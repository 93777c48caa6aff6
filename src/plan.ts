// Memory plan of a model: one block each for parameters, gradients and optimizer
// slots (same layout, so zeroing gradients and updating weights are single calls
// over the whole block), then per-batch buffers sized for a batch capacity.
import type { Arena } from './memory.js';
import type { Layer } from './layers/layer.js';
import type { Segment } from './optimizers/optimizer.js';

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
  const params = arena.alloc(size, 'parameters');
  const grads = arena.alloc(size, 'gradients');
  const slots = arena.alloc(size * slotCount, 'optimizer state');
  for (const layer of layers) {
    for (const p of layer.params) {
      p.ptr = params + p.offset * 4;
      p.grad = grads + p.offset * 4;
    }
  }
  return { size, params, grads, slots, segments };
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

export function planBatch(arena: Arena, layers: Layer[], capacity: number, workSize: number): BatchPlan {
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
