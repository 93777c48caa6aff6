// Worker threads in Node, Deno and Bun: one piscina pool per heap limit, shared by every
// model of the process. A model's fit runs its serving loops on them, so models that come and
// go start no threads of their own (each started and ended thread cost ~0.5 MiB of RSS that
// was never returned). Threads idle for IDLE_MS end; the next fit starts them again.
import { availableParallelism } from 'node:os';
import { workerFile } from '../paths.js';
import type { Threads } from './session-config.js';

/** Idle worker threads end after this long; the next fit starts them again (tens of ms). */
const IDLE_MS = 10_000;

export function cores(): number {
  return availableParallelism();
}

const shared = new Map<number, Promise<Threads>>();

export function sharedThreads(heapMb: number | undefined): Promise<Threads> {
  const key = heapMb ?? 0;
  let p = shared.get(key);
  if (!p) {
    p = import('piscina').then(({ default: Piscina }) => {
      const P = Piscina as unknown as new (o: Record<string, unknown>) => Threads;
      const threads = new P({
        filename: workerFile(),
        minThreads: 0,
        // Serving loops of concurrent fits each hold a thread for the whole fit.
        maxThreads: 4 * Math.max(1, cores()),
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
export async function dropThreads(threads: Threads): Promise<void> {
  for (const [key, p] of shared) if ((await p) === threads) shared.delete(key);
  await threads.destroy();
}
