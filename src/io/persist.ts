// Saving and loading models: the file API over model-file.ts (bytes) and files.ts (atomic writes).
import type { Sequential } from '../model.js';
import { modelToBytes, modelFromBytes, type SaveOptions } from './model-file.js';
import { writeFileAtomic, readFileBytes } from './files.js';

/** Writes the model to `path` atomically: a crash leaves the previous file intact. */
export async function saveModel(model: Sequential, path: string, options: SaveOptions = {}): Promise<void> {
  await writeFileAtomic(path, modelToBytes(model, options));
}

/** A model from a file path or from bytes (for runtimes without a file system). */
export async function loadModel(source: string | Uint8Array): Promise<Sequential> {
  if (typeof source === 'string') return modelFromBytes(await readFileBytes(source, 'loadModel'), source);
  return modelFromBytes(source);
}

export { modelToBytes, modelFromBytes, type SaveOptions };
