// How many threads a fit computes with, and the one warning when it must use the main thread alone.
import { availableParallelism } from 'node:os';
import { ValueError, quote } from '../errors.js';
import type { WorkersOption } from '../fit-types.js';

let warned = false;

/** Threads to compute with, the main thread included; 1 means the main thread alone. */
export function resolveWorkers(workers: WorkersOption | undefined): number {
  if (workers === undefined) return 1;
  if (workers === 'auto') return Math.max(1, availableParallelism());
  if (!Number.isInteger(workers) || workers < 1)
    throw new ValueError(`fit: workers must be a positive integer or 'auto', received ${quote(workers)}`);
  return workers;
}

/** Says once per process that training falls back to the main thread, and why. */
export function warnFallback(why: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`simdnet: training on the main thread only: ${why}`, { code: 'SIMDNET_NO_WORKERS' });
}

/** Warns (once) and returns undefined: what acquire gives when workers cannot be used. */
export function fallback(why: string): undefined {
  warnFallback(why);
  return undefined;
}
