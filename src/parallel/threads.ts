// How many threads a fit computes with, the threads themselves (shared by every model), and
// the one warning when a fit must use the main thread alone.
import { availableParallelism } from 'node:os';
import { ValueError, quote } from '../errors.js';
import type { WorkersOption } from '../fit-types.js';
import { workerFile } from '../paths.js';

/** Idle worker threads end after this long; the next fit starts them again (tens of ms). */
const IDLE_MS = 10_000;
// Serving loops of concurrent fits each hold a thread for the whole fit.
const MAX_SHARED_THREADS = 4 * Math.max(1, availableParallelism());

export interface Piscina {
  run(task: unknown): Promise<unknown>;
  destroy(): Promise<void>;
  on(event: 'error', listener: (e: Error) => void): void;
  off(event: 'error', listener: (e: Error) => void): void;
}

const warned = new Set<string>();

/** Threads to compute with, the main thread included; 1 means the main thread alone. */
export function resolveWorkers(workers: WorkersOption | undefined): number {
  if (workers === undefined) return 1;
  if (workers === 'auto') return Math.max(1, availableParallelism());
  if (!Number.isInteger(workers) || workers < 1)
    throw new ValueError(`fit: workers must be a positive integer or 'auto', received ${quote(workers)}`);
  return workers;
}

/** Says that training falls back to the main thread, and why: once per process for each reason. */
export function warnFallback(why: string): void {
  if (warned.has(why)) return;
  warned.add(why);
  process.emitWarning(`simdnet: training on the main thread only: ${why}`, { code: 'SIMDNET_NO_WORKERS' });
}

/** Warns (once per reason) and returns undefined: what acquire gives when workers cannot be used. */
export function fallback(why: string): undefined {
  warnFallback(why);
  return undefined;
}

// Worker threads shared by every model of the process, one set per heap limit: a model's
// fit runs its serving loops on them, so models that come and go start no threads of their
// own (each started and ended thread cost ~0.5 MiB of RSS that was never returned). Threads
// idle for IDLE_MS end; the next fit starts them again.
const shared = new Map<number, Promise<Piscina>>();

export function sharedThreads(heapMb: number | undefined): Promise<Piscina> {
  const key = heapMb ?? 0;
  let p = shared.get(key);
  if (!p) {
    p = import('piscina').then(({ default: Piscina }) => {
      const P = Piscina as unknown as new (o: Record<string, unknown>) => Piscina;
      const threads = new P({
        filename: workerFile,
        minThreads: 0,
        maxThreads: MAX_SHARED_THREADS,
        idleTimeout: IDLE_MS,
        ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}),
      });
      // A thread that dies outside a task (out of memory as it starts) is reported through the
      // tasks it fails; unheard, piscina's 'error' event would end the process.
      threads.on('error', () => undefined);
      return threads;
    });
    p.catch(() => shared.delete(key));
    shared.set(key, p);
  }
  return p;
}

// Ends a set of threads (after a failure: one may be hung) and forgets it.
export async function dropThreads(piscina: Piscina): Promise<void> {
  for (const [key, p] of shared) if ((await p) === piscina) shared.delete(key);
  await piscina.destroy();
}

const START_MS = 10_000;

// A thread that dies while starting (out of memory) fails no task: piscina reports it only
// through its 'error' event. Whichever comes first: the tasks, that event, or START_MS.
export async function startedOrFailed<T>(piscina: Piscina, tasks: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listener: ((e: Error) => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    listener = reject;
    piscina.on('error', listener);
    timer = setTimeout(() => reject(new Error(`no worker thread started within ${START_MS} ms`)), START_MS);
  });
  try {
    return await Promise.race([tasks, failed]);
  } finally {
    clearTimeout(timer);
    piscina.off('error', listener!);
  }
}
