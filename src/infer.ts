// simdnet/infer (shipped as one bundled file, dist/infer.bundle.js, to start fast): what a serverless function needs to
// predict from a saved model —
// loading (file or bytes), predict/evaluate, tensors and errors. No CLI, no progress bar.
export { loadModel, modelFromBytes } from './io/persist.js';
export { fromTfjsArtifacts } from './io/tfjs.js';
export { importTfjs } from './io/tfjs-read.js';
export type { Sequential, Scores, BatchArgs } from './model.js';
export { tensor, type Tensor, type TensorLike, type Input } from './data.js';
export * from './errors.js';
export { init, backendInfo, type KernelSource, type BackendInfo, type Build } from './wasm.js';
