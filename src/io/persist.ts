// Saving and loading models: the file API over model-file.ts (bytes) and files.ts (atomic writes).
import type { Sequential } from '../model.js';
import { modelFromBytes } from './model-file.js';
import type { SaveOptions } from './encode.js';
import { readFileBytes } from './files.js';

/** Writes the model to `path` atomically: a crash leaves the previous file intact. */
export async function saveModel(model: Sequential, path: string, options: SaveOptions = {}): Promise<void> {
  await model.save(path, options);
}

/** The model as bytes of simdnet's format. */
export function modelToBytes(model: Sequential, options: SaveOptions = {}): Uint8Array {
  return model.toBytes(options);
}

/** A model from a file path or from bytes (for runtimes without a file system). */
export async function loadModel(source: string | Uint8Array): Promise<Sequential> {
  if (typeof source === 'string') return modelFromBytes(await readFileBytes(source, 'loadModel'), source);
  return modelFromBytes(source);
}

export { modelFromBytes, type SaveOptions };
