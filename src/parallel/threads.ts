// How many threads a fit computes with, and the one warning when a fit must use the main
// thread alone. The threads themselves come from thread-host.ts: piscina's worker threads in
// Node, Deno and Bun; Web Workers in a browser (thread-host-web.ts, swapped in by the bundle).
import { ValueError, quote } from '../errors.js';
import type { WorkersOption } from '../fit-types.js';
import { envVar, warn } from '../runtime.js';
import { cores } from './thread-host.js';
import type { Threads } from './session-config.js';

const warned = new Set<string>();

/** Threads to compute with, the main thread included; 1 means the main thread alone. */
export function resolveWorkers(workers: WorkersOption | undefined): number {
  if (workers === undefined) return 1;
  if (workers === 'auto') return Math.max(1, cores());
  if (!Number.isInteger(workers) || workers < 1)
    throw new ValueError(`fit: workers must be a positive integer or 'auto', received ${quote(workers)}`);
  return workers;
}

/** Says that training falls back to the main thread, and why: once per process for each reason. */
export function warnFallback(why: string): void {
  if (warned.has(why)) return;
  warned.add(why);
  warn(`simdnet: training on the main thread only: ${why}`, 'SIMDNET_NO_WORKERS');
}

/** Why this process cannot share a model's memory with worker threads, or undefined if it can. */
export function noSharedThreads(): string | undefined {
  if (envVar('SIMDNET_NO_WORKERS') === '1') return 'SIMDNET_NO_WORKERS=1';
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return (
      'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp), so its memory cannot be shared with Web Workers'
    );
  }
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics?.waitAsync !== 'function') {
    return 'this runtime has no SharedArrayBuffer or Atomics.waitAsync';
  }
  return undefined;
}

/** Warns (once per reason) and returns undefined: what acquire gives when workers cannot be used. */
export function fallback(why: string): undefined {
  warnFallback(why);
  return undefined;
}

const START_MS = 10_000;

// A thread that dies while starting (out of memory) fails no task: piscina reports it only
// through its 'error' event. Whichever comes first: the tasks, that event, or START_MS.
export async function startedOrFailed<T>(threads: Threads, tasks: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listener: ((e: Error) => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    listener = reject;
    threads.on('error', listener);
    timer = setTimeout(() => reject(new Error(`no worker thread started within ${START_MS} ms`)), START_MS);
  });
  try {
    return await Promise.race([tasks, failed]);
  } finally {
    clearTimeout(timer);
    threads.off('error', listener!);
  }
}
