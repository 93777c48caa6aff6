// simdnet's own model format: one self-checking binary file.
//   0  magic  89 'S' 'D' 'N' 0D 0A 1A 0A   (PNG's trick: text-mode transfers and HTML show)
//   8  u32 format version (1)
//  12  u32 bytes of JSON · 16 u32 weight floats · 20 u32 optimizer-slot floats
//  24  JSON (UTF-8), zero padded to a multiple of 4
//      weights: float32 little-endian, parameters in layer order, unpadded
//      slots: float32 little-endian, in the arena's parameter-block layout
// last u32: CRC-32 of every byte before it. All integers little-endian.
// Loading (model-file.ts) checks sizes against the actual length before allocating anything, the CRC
// before parsing, then the config, shapes and values; any failure is a typed error.
import type { Session } from '../core/session.js';
import type { Arena } from '../memory.js';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Tensor } from '../data.js';
import { crc32 } from './crc32.js';

/** What encoding reads of a model (a Sequential). */
export interface EncodableModel {
  readonly name: string;
  readonly seed: number;
  readonly layers: readonly Layer[];
  readonly optimizer?: Optimizer;
  readonly loss?: Loss;
  readonly metrics: string[];
  readonly completedEpochs: number;
  readonly arena: Arena;
  getWeights(): Tensor[];
}

export const MAGIC = Uint8Array.from([0x89, 0x53, 0x44, 0x4e, 0x0d, 0x0a, 0x1a, 0x0a]);
export const FORMAT_VERSION = 1;
export const HEADER = 24;

export interface SaveOptions {
  /** Keep the optimizer (its config, step count and state) so that fit can resume exactly; default true. */
  includeOptimizer?: boolean;
}

export interface ParamEntry {
  layer: string;
  name: string;
  shape: number[];
}

export interface Manifest {
  format: 'simdnet-model';
  model: {
    className: 'Sequential';
    config: { name: string; seed: number; layers: { className: string; config: Record<string, unknown> }[] };
  };
  params: ParamEntry[];
  compile: {
    optimizer: { className: string; config: Record<string, unknown> };
    loss: { className: string; config: Record<string, unknown> };
    metrics: string[];
  } | null;
  training: { iterations: number; epochs: number; slots: number; blockSize: number } | null;
}

/** The model (built) as bytes of the format above. */
export function encodeModel(model: EncodableModel, s: Session, options: SaveOptions = {}): Uint8Array {
  const block = s.block;
  const withOptimizer = (options.includeOptimizer ?? true) && !!model.optimizer && !!model.loss;
  const params: ParamEntry[] = s.layout.entries.map((e) => ({
    layer: s.layers[e.layer].name,
    name: e.param.name,
    shape: e.param.shape,
  }));
  const slotCount = withOptimizer ? model.optimizer!.slots : 0;
  const manifest: Manifest = {
    format: 'simdnet-model',
    model: {
      className: 'Sequential',
      config: {
        name: model.name,
        seed: model.seed,
        layers: model.layers.map((l, i) => ({
          className: l.className,
          config: { ...l.getConfig(), ...(i === 0 ? { inputShape: l.inputShape } : {}) },
        })),
      },
    },
    params,
    compile:
      model.optimizer && model.loss
        ? {
            optimizer: { className: model.optimizer.className, config: model.optimizer.getConfig() },
            loss: { className: model.loss.className, config: model.loss.getConfig() },
            metrics: model.metrics,
          }
        : null,
    training: withOptimizer
      ? {
          iterations: model.optimizer!.iterations,
          epochs: model.completedEpochs,
          slots: slotCount,
          blockSize: block.size,
        }
      : null,
  };
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const weightCount = params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
  const slotFloats = slotCount * block.size;
  const jsonPadded = Math.ceil(json.length / 4) * 4;
  const total = HEADER + jsonPadded + 4 * (weightCount + slotFloats) + 4;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, weightCount, true);
  view.setUint32(20, slotFloats, true);
  bytes.set(json, HEADER);
  let at = HEADER + jsonPadded;
  for (const w of model.getWeights()) at = putFloats(bytes, at, w.data);
  if (slotFloats) at = putFloats(bytes, at, model.arena.read(block.slots, slotFloats));
  view.setUint32(at, crc32(model.arena, bytes.subarray(0, at)), true);
  return bytes;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Writes floats little-endian at byte `at`; returns the byte after them. */
function putFloats(bytes: Uint8Array, at: number, data: Float32Array): number {
  if (LITTLE_ENDIAN) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    data.forEach((v, i) => view.setFloat32(at + 4 * i, v, true));
  }
  return at + data.byteLength;
}
