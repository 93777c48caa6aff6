// The entry of a browser Web Worker that serves training steps (bundled as dist/web-worker.js):
// one task per message, answered with its result or its error; parallel/serve.ts (a fit's steps)
// and parallel/fit-task.ts (a whole model) do the work.
import { runTask } from '../parallel/serve.js';
import { fitTask } from '../parallel/fit-worker.js';
import type { FitTask } from '../parallel/fit-task.js';
import type { Task } from '../parallel/session-config.js';

const scope = globalThis as unknown as {
  onmessage: ((e: { data: Task | FitTask }) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = async (e) => {
  try {
    const task = e.data;
    scope.postMessage({ result: task.kind === 'fit' ? await fitTask(task) : runTask(task) });
  } catch (err) {
    scope.postMessage({ error: (err as Error).message ?? String(err) });
  }
};
scope.postMessage({ ready: true });
