// The piscina entry of a Node worker thread: the work is serve.ts's.
import { runTask } from './serve.js';

export default runTask;
