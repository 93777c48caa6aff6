// The entry of a browser Web Worker that serves training steps (bundled as dist/web-worker.js):
// one task per message, answered with its result or its error; parallel/serve.ts does the work.
import { runTask } from '../parallel/serve.js';
import type { Task } from '../parallel/session-config.js';

const scope = globalThis as unknown as {
  onmessage: ((e: { data: Task }) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = (e) => {
  try {
    scope.postMessage({ result: runTask(e.data) });
  } catch (err) {
    scope.postMessage({ error: (err as Error).message ?? String(err) });
  }
};
scope.postMessage({ ready: true });
