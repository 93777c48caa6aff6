// simdnet's own model format: one self-checking binary file.
//   0  magic  89 'S' 'D' 'N' 0D 0A 1A 0A   (PNG's trick: text-mode transfers and HTML show)
//   8  u32 format version (1)
//  12  u32 bytes of JSON · 16 u32 weight floats · 20 u32 optimizer-slot floats
//  24  JSON (UTF-8), zero padded to a multiple of 4
//      weights: float32 little-endian, parameters in layer order, unpadded
//      slots: float32 little-endian, in the arena's parameter-block layout
// last u32: CRC-32 of every byte before it. All integers little-endian.
// Loading checks sizes against the actual length before allocating anything, the CRC
// before parsing, then the config, shapes and values; any failure is a typed error.
import { Sequential } from '../model.js';
import { deserializeLayer } from '../layers/registry.js';
import { getOptimizer } from '../optimizers/optimizer.js';
import { getLoss } from '../losses.js';
import { ModelFileError, ShapeError, SimdnetError, fmtShape } from '../errors.js';
import { MAX_PAGES } from '../wasm.js';
import { crc32 } from './crc32.js';
import { Arena } from '../memory.js';
import { MAGIC, FORMAT_VERSION, HEADER, type Manifest } from './encode.js';
import { parseUntrustedJson } from './json.js';
import '../catalogue.js';

const MAX_JSON = 16 * 2 ** 20;
const MAX_FLOATS = (MAX_PAGES * 65536) / 4;

/** A model from bytes written by encodeModel (Sequential.toBytes); all-or-nothing, typed errors. */
export function modelFromBytes(input: Uint8Array, source = 'model bytes'): Sequential {
  if (!(input instanceof Uint8Array))
    throw new ModelFileError(`${source}: expected a Uint8Array, received ${typeof input}`, 'magic');
  const bytes = input;
  checkMagic(bytes, source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version > FORMAT_VERSION) {
    throw new ModelFileError(
      `${source}: format version ${version} is newer than this simdnet reads (${FORMAT_VERSION}); upgrade simdnet`,
      'version',
    );
  }
  if (version === 0) throw new ModelFileError(`${source}: format version 0 does not exist`, 'magic');
  const jsonLength = view.getUint32(12, true);
  const weightCount = view.getUint32(16, true);
  const slotFloats = view.getUint32(20, true);
  if (jsonLength > MAX_JSON || weightCount > MAX_FLOATS || slotFloats > MAX_FLOATS) {
    throw new ModelFileError(
      `${source}: header sizes out of bounds (json ${jsonLength} bytes, ${weightCount} weights, ${slotFloats} ` +
        `slot values)`,
      'size',
    );
  }
  const total = HEADER + Math.ceil(jsonLength / 4) * 4 + 4 * (weightCount + slotFloats) + 4;
  if (bytes.length < total)
    throw new ModelFileError(`${source}: truncated: ${bytes.length} bytes, the header announces ${total}`, 'truncated');
  if (bytes.length > total)
    throw new ModelFileError(
      `${source}: ${bytes.length - total} unexpected bytes after the end announced by the header`,
      'size',
    );
  // The model's own arena checks the file: the memory the weights go to is the only one made.
  const arena = new Arena();
  if (crc32(arena, bytes.subarray(0, total - 4)) !== view.getUint32(total - 4, true)) {
    throw new ModelFileError(`${source}: checksum mismatch: the file is corrupt`, 'checksum');
  }
  const manifest = parseManifest(bytes.subarray(HEADER, HEADER + jsonLength), source);
  const model = buildModel(manifest, source, arena);
  let at = HEADER + Math.ceil(jsonLength / 4) * 4;
  const session = model.session(undefined, source);
  const params = session.layout.entries.map((e) => ({ ...e.param, ptr: session.block.params + 4 * e.offset }));
  const expected = params.reduce((a, p) => a + p.size, 0);
  if (expected !== weightCount)
    throw new ModelFileError(`${source}: the config needs ${expected} weights, the file holds ${weightCount}`, 'shape');
  params.forEach((p, wi) => {
    const bad = place(arena, bytes, at, p.ptr, p.size);
    if (bad >= 0) {
      throw new ModelFileError(
        `${source}: ${manifest.params[wi].layer}/${p.name}[${bad}] is ${arena.f32[(p.ptr >> 2) + bad]}; stored ` +
          `weights must be finite`,
        'nonfinite',
      );
    }
    at += 4 * p.size;
  });
  model.skipInitialization = false;
  restoreTraining(model, manifest, bytes, at, slotFloats, source);
  model.session(undefined, source).sync(); // both regions hold what was loaded
  return model;
}

function checkMagic(bytes: Uint8Array, source: string): void {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('<?xml') || head.startsWith('<')) {
    throw new ModelFileError(
      `${source}: this is an HTML/XML page, not a simdnet model (a download or proxy error page?)`,
      'html',
    );
  }
  if (head.startsWith('{')) {
    throw new ModelFileError(
      `${source}: this is JSON, not a simdnet model; a TensorFlow.js model.json is read with importTfjs()`,
      'magic',
    );
  }
  const n = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== MAGIC[i])
      throw new ModelFileError(`${source}: not a simdnet model file (wrong magic bytes)`, 'magic');
  }
  if (bytes.length < HEADER + 4)
    throw new ModelFileError(`${source}: truncated: ${bytes.length} bytes, shorter than the header`, 'truncated');
}

// JSON without prototype tricks: __proto__/constructor/prototype keys are refused.
function parseManifest(jsonBytes: Uint8Array, source: string): Manifest {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(jsonBytes);
  } catch {
    throw new ModelFileError(`${source}: the model description is not valid UTF-8`, 'config');
  }
  const value = parseUntrustedJson(text, `${source}: the model description`);
  const m = value as Manifest;
  const ok =
    m &&
    typeof m === 'object' &&
    m.format === 'simdnet-model' &&
    m.model?.className === 'Sequential' &&
    Array.isArray(m.model.config?.layers) &&
    m.model.config.layers.every(
      (l) => l && typeof l.className === 'string' && l.config && typeof l.config === 'object',
    ) &&
    Array.isArray(m.params) &&
    m.params.every(
      (p) =>
        p &&
        typeof p.name === 'string' &&
        Array.isArray(p.shape) &&
        p.shape.every((d) => Number.isInteger(d) && d >= 0),
    );
  if (!ok) throw new ModelFileError(`${source}: the model description is not a simdnet Sequential config`, 'config');
  return m;
}

function buildModel(m: Manifest, source: string, arena: Arena): Sequential {
  const cfg = m.model.config;
  const model = new Sequential({ seed: cfg.seed, name: typeof cfg.name === 'string' ? cfg.name : undefined });
  model.useArena(arena);
  model.skipInitialization = true;
  try {
    for (const spec of cfg.layers) model.add(deserializeLayer(spec, `${source}: layer`));
    if (m.compile) {
      model.compile({
        optimizer: getOptimizer(m.compile.optimizer, `${source}: optimizer`),
        loss: getLoss(m.compile.loss, `${source}: loss`),
        metrics: m.compile.metrics,
      });
    } else {
      model.build(model.layers[0].declaredInputShape ?? []);
    }
  } catch (e) {
    if (e instanceof SimdnetError && !(e instanceof ShapeError)) throw e; // unknown names list the known ones
    throw new ModelFileError(`${source}: the stored config does not build: ${(e as Error).message}`, 'config');
  }
  const params = model.layers.flatMap((l) => l.params.map((p) => ({ l, p })));
  if (params.length !== m.params.length)
    throw new ModelFileError(
      `${source}: the config makes ${params.length} parameters, the file lists ${m.params.length}`,
      'shape',
    );
  params.forEach(({ l, p }, i) => {
    const e = m.params[i];
    if (e.layer !== l.name || e.name !== p.name || fmtShape(e.shape) !== fmtShape(p.shape)) {
      throw new ModelFileError(
        `${source}: parameter ${i} is ${e.layer}/${e.name} ${fmtShape(e.shape)} in the file but ` +
          `${l.name}/${p.name} ${fmtShape(p.shape)} in the config`,
        'shape',
      );
    }
  });
  return model;
}

// Copies n floats from bytes[at…] to the arena at ptr — the file's floats are little-endian, as
// WebAssembly memory is, so a byte copy puts them in place — and checks them there: returns the
// index of the first non-finite one, or -1.
function place(arena: Arena, bytes: Uint8Array, at: number, ptr: number, n: number): number {
  arena.u8.set(bytes.subarray(at, at + 4 * n), ptr);
  if (arena.k.all_finite(ptr, n)) return -1;
  return arena.read(ptr, n).findIndex((v) => !Number.isFinite(v));
}

function restoreTraining(
  model: Sequential,
  m: Manifest,
  bytes: Uint8Array,
  at: number,
  slotFloats: number,
  source: string,
): void {
  const t = m.training;
  if (!t || !model.optimizer) {
    if (slotFloats) throw new ModelFileError(`${source}: optimizer state without an optimizer`, 'config');
    return;
  }
  const block = model.session(undefined, source).block;
  if (t.blockSize !== block.size || t.slots !== model.optimizer.slots || slotFloats !== t.slots * block.size) {
    throw new ModelFileError(
      `${source}: optimizer state of ${slotFloats} values does not fit ${model.optimizer.slots} slots of ${block.size}`,
      'shape',
    );
  }
  const bad = place(model.arena, bytes, at, block.slots, slotFloats);
  if (bad >= 0)
    throw new ModelFileError(
      `${source}: optimizer state value ${bad} is ${model.arena.f32[(block.slots >> 2) + bad]}`,
      'nonfinite',
    );
  checkSlots(model, block, source);
  if (!Number.isInteger(t.iterations) || t.iterations < 0 || !Number.isInteger(t.epochs) || t.epochs < 0) {
    throw new ModelFileError(
      `${source}: bad training state ${JSON.stringify({ iterations: t.iterations, epochs: t.epochs })}`,
      'config',
    );
  }
  model.optimizer.iterations = t.iterations;
  model.completedEpochs = t.epochs;
}

// Stored optimizer state must be state the optimizer could have made: second moments and
// accumulators ≥ 0 (a negative one makes the next update NaN), and the initial value in the
// padding between parameters (kernels update the padding too).
function checkSlots(model: Sequential, block: { size: number; slots: number }, source: string): void {
  const s = model.session(undefined, source);
  const optimizer = model.optimizer!;
  const values = model.arena.read(block.slots, block.size * optimizer.slots);
  const used = new Uint8Array(block.size);
  for (const e of s.layout.entries) used.fill(1, e.offset, e.offset + e.param.size);
  const nonNegative = new Set(optimizer.nonNegativeSlots);
  for (let slot = 0; slot < optimizer.slots; slot++) {
    for (let i = 0; i < block.size; i++) {
      const v = values[slot * block.size + i];
      if (!used[i] && v !== Math.fround(optimizer.slotInit(slot))) {
        const expected = Math.fround(optimizer.slotInit(slot));
        throw new ModelFileError(
          `${source}: optimizer slot ${slot} holds ${v} in the padding at ${i}; expected ${expected}`,
          'config',
        );
      }
      if (nonNegative.has(slot) && v < 0) {
        const what = `${optimizer.className} slot ${slot} value ${i}`;
        throw new ModelFileError(`${source}: ${what} is ${v}; a sum of squares cannot be negative`, 'config');
      }
    }
  }
}
