// The piscina entry of a Node worker thread: serving a fit's steps (serve.ts), or training a
// whole model on this thread (fit-task.ts).
import { runTask } from './serve.js';
import { fitTask } from './fit-worker.js';
import type { FitTask } from './fit-task.js';
import type { Task } from './session-config.js';

export default function run(task: Task | FitTask) {
  return task.kind === 'fit' ? fitTask(task) : runTask(task);
}
