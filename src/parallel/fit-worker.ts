// In a worker thread: training a whole model on this thread (fit-task.ts sends it). The
// training loop is imported here statically: a worker's dynamic imports would miss the
// loader hooks its entry was loaded with (tsx in the tests).
import type { History } from '../fit-types.js';
import { modelFromBytes } from '../io/model-file.js';
import { useModule } from '../wasm.js';
import { fit } from '../training.js';
import type { FitTask } from './fit-task.js';

/** In the worker: trains the model of `task` on this thread; its bytes after training, and the history. */
export async function fitTask(task: FitTask): Promise<{ model: Uint8Array; history: History }> {
  useModule(task.build, task.module);
  const m = modelFromBytes(task.model, 'fit task');
  const history = await fit(m, { data: task.x, shape: task.xShape }, { data: task.y, shape: task.yShape }, task.args);
  const model = m.toBytes();
  await m.dispose();
  return { model, history };
}
