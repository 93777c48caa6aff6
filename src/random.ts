// The model RNG for data that lives outside a model (e.g. a train/test split):
// the same counter-based kernel, run on a small arena of its own.
import { Arena } from './memory.js';

let scratch: Arena | undefined;

/** A small arena of its own for draws made outside any model (created on first use). */
export function scratchArena(): Arena {
  scratch ??= new Arena();
  return scratch;
}

/** A permutation of 0..n-1 from stream (seed, stream); equal to what a model draws. */
export function permutation(n: number, seed: number, stream: number): Int32Array {
  const scratch = scratchArena();
  const mark = scratch.mark();
  const ptr = scratch.alloc(n, 'permutation');
  scratch.k.random_permutation(ptr, n, seed >>> 0, stream >>> 0);
  const out = scratch.i32.slice(ptr >> 2, (ptr >> 2) + n);
  scratch.release(mark);
  return out;
}

/** n uniforms in [0, 1) from stream (seed, stream), `offset` draws in. */
export function uniforms(n: number, seed: number, stream: number, offset = 0): Float32Array {
  const scratch = scratchArena();
  const mark = scratch.mark();
  const ptr = scratch.alloc(n, 'uniforms');
  scratch.k.random_uniform(ptr, n, seed >>> 0, stream >>> 0, offset, 0, 1);
  const out = scratch.f32.slice(ptr >> 2, (ptr >> 2) + n);
  scratch.release(mark);
  return out;
}

// Stream ids of the model's RNG: parameters use 1 + 16·layer + index, dropout 0x20000000 + layer.
/** The epoch's shuffle: stream SHUFFLE_STREAM + epoch. */
export const SHUFFLE_STREAM = 0x80000000;
/** A data set's train/test split. */
export const SPLIT_STREAM = 0x40000000;
/** Text generation's draws (sampleText). */
export const SAMPLE_STREAM = 0x50000000;
