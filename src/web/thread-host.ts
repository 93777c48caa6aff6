// Worker threads in a browser: Web Workers running dist/web-worker.js, started as tasks need
// them and kept for the page's life. They share the model's memory only where the page is
// cross-origin isolated (COOP/COEP headers); elsewhere pool.ts has a fit train on the main
// thread, with one warning. Swapped in for parallel/thread-host.ts by the browser/edge bundle (.ci/bundle-web.mjs).
import { webWorkerFile } from '../paths.js';
import type { Threads } from '../parallel/session-config.js';

export function cores(): number {
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

type Reply = { ready?: true; result?: unknown; error?: string };

class WebThreads implements Threads {
  private idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly listeners = new Set<(e: Error) => void>();

  async run(task: unknown): Promise<unknown> {
    const w = this.idle.pop() ?? (await this.start());
    return new Promise((resolve, reject) => {
      w.onmessage = (e: MessageEvent<Reply>) => {
        this.idle.push(w);
        if (e.data.error !== undefined) reject(new Error(e.data.error));
        else resolve(e.data.result);
      };
      w.onerror = (e) => {
        this.end(w);
        const err = new Error(`a Web Worker failed: ${e.message}`);
        for (const l of this.listeners) l(err);
        reject(err);
      };
      w.postMessage(task);
    });
  }

  // A worker, once its module has loaded (it says so).
  private start(): Promise<Worker> {
    const w = new Worker(webWorkerFile(), { type: 'module' });
    this.all.add(w);
    return new Promise((resolve, reject) => {
      w.onmessage = () => resolve(w);
      w.onerror = (e) => {
        this.end(w);
        reject(new Error(`a Web Worker could not start: ${e.message || 'its script did not load'}`));
      };
    });
  }

  private end(w: Worker): void {
    w.terminate();
    this.all.delete(w);
    this.idle = this.idle.filter((x) => x !== w);
  }

  async destroy(): Promise<void> {
    for (const w of [...this.all]) this.end(w);
  }

  on(_event: 'error', listener: (e: Error) => void): void {
    this.listeners.add(listener);
  }

  off(_event: 'error', listener: (e: Error) => void): void {
    this.listeners.delete(listener);
  }
}

let shared: WebThreads | undefined;

export async function sharedThreads(_heapMb: number | undefined): Promise<Threads> {
  if (typeof Worker !== 'function') throw new Error('this runtime has no Web Workers');
  shared ??= new WebThreads();
  return shared;
}

export async function dropThreads(threads: Threads): Promise<void> {
  if (threads === shared) shared = undefined;
  await threads.destroy();
}
