// simdnet's public API in every runtime: index.ts (Node, Deno, Bun) adds what needs a file
// system or a terminal; web.ts is what browsers and Cloudflare Workers get.
export { Sequential, type SequentialArgs, type CompileArgs, type BatchArgs, type Scores } from './model.js';
export type { FitArgs, History, Callback, CallbackModel, Logs, WorkersOption } from './fit-types.js';
export {
  earlyStopping,
  reduceLROnPlateau,
  type EarlyStoppingArgs,
  type ReduceLROnPlateauArgs,
  type MonitorArgs,
} from './callbacks.js';
export { Layer, type LayerArgs, type Call, type Param, type Saved } from './layers/layer.js';
export * from './catalogue.js';
export { layers, deserializeLayer } from './layers/registry.js';
export { activations, getActivation, type Activation as ActivationFunction } from './activations.js';
export * as initializers from './initializers.js';
export { regularizers, l1, l2, l1l2, L1L2 } from './regularizers.js';
export {
  losses,
  getLoss,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  BinaryCrossentropy,
  MeanSquaredError,
  type Loss,
} from './losses.js';
export { Optimizer, optimizers } from './optimizers/optimizer.js';
export {
  ExponentialDecay,
  StepDecay,
  PiecewiseConstantDecay,
  type LearningRateSchedule,
} from './optimizers/schedules.js';
export { tensor, type Tensor, type TensorLike, type Input } from './data.js';
export { Bagging, bootstrap, predictWithDropout, type BaggingArgs } from './ensemble.js';
export { modelFromBytes } from './io/model-file.js';
export { modelToBytes, type SaveOptions } from './io/persist.js';
export { toTfjsArtifacts, fromTfjsArtifacts, type TfjsArtifacts, type TfjsLayer } from './io/tfjs.js';
export { CharVocab, byteIds, nextTokenWindows, sampleText, type SampleOptions } from './text.js';
export { backendInfo, init, type Build, type BackendInfo, type KernelSource, type TileForm } from './wasm.js';
export type { Kernels } from './kernels.js';
export type { Registry } from './registry.js';
export type { LayerRegistry, LayerEntry, LayerExample } from './layers/registry.js';
export type { LossLike } from './losses.js';
export type { RegularizerLike } from './regularizers.js';
export type { InitializerLike } from './initializers.js';
export * from './errors.js';
