// Where every parameter lives: one block of floats for all parameters of a model, with the
// gradients and each optimizer slot in blocks of the same layout, so zeroing gradients and
// updating weights are single kernel calls over a block. Pure arithmetic: no memory here.
import type { Layer, Param } from '../layers/layer.js';

/** Floats between consecutive parameters, so each starts 64-byte aligned. */
export const PARAM_ALIGN = 16;

/** A run of parameters [offset, offset + size) (floats in the block) sharing one regularizer and trainability. */
export interface Segment {
  offset: number;
  size: number;
  l1: number;
  l2: number;
  /** false for the parameters of frozen layers: no update, no penalty. */
  trainable: boolean;
}

export interface ParamEntry {
  layer: number;
  param: Param;
  /** Float offset within the block. */
  offset: number;
}

export interface ParamLayout {
  /** Floats in the block, padding included. */
  size: number;
  /** Every parameter, in layer order. */
  entries: ParamEntry[];
  /** Float offsets of each layer's parameters, in declaration order. */
  offsets: number[][];
  segments: Segment[];
  /**
   * [offset, floats] ranges of a gradient block to zero before a chunk's backward: all but the
   * parameters of layers that overwrite their gradients (padding included).
   */
  zeroRanges: [number, number][];
}

export function layoutParams(layers: readonly Layer[]): ParamLayout {
  let size = 0;
  const entries: ParamEntry[] = [];
  const segments: Segment[] = [];
  const offsets = layers.map((layer, li) =>
    layer.params.map((param) => {
      const offset = size;
      const padded = Math.ceil(param.size / PARAM_ALIGN) * PARAM_ALIGN;
      size += padded;
      entries.push({ layer: li, param, offset });
      const trainable = layer.trainable;
      const l1 = trainable ? (param.regularizer?.l1 ?? 0) : 0;
      const l2 = trainable ? (param.regularizer?.l2 ?? 0) : 0;
      const last = segments[segments.length - 1];
      if (last && last.l1 === l1 && last.l2 === l2 && last.trainable === trainable) last.size += padded;
      else segments.push({ offset, size: padded, l1, l2, trainable });
      return offset;
    }),
  );
  return { size, entries, offsets, segments, zeroRanges: zeroRanges(layers, entries, size) };
}

function zeroRanges(layers: readonly Layer[], entries: ParamEntry[], size: number): [number, number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  for (const e of entries) {
    if (!layers[e.layer].overwritesGradients) continue;
    if (e.offset > from) ranges.push([from, e.offset - from]);
    from = e.offset + e.param.size;
  }
  if (size > from) ranges.push([from, size - from]);
  return ranges;
}
