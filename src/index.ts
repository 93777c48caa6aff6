// simdnet's public API.
export { Sequential, type SequentialArgs, type CompileArgs, type BatchArgs, type Scores } from './model.js';
export type { FitArgs, History, Callback, Logs } from './training.js';
export { Layer, type LayerArgs } from './layers/layer.js';
export { Dense, type DenseArgs } from './layers/dense.js';
export { Activation, Softmax, type ActivationArgs } from './layers/activation.js';
export { layers } from './layers/registry.js';
export { activations, getActivation } from './activations.js';
export * as initializers from './initializers.js';
export { losses, getLoss, type Loss } from './losses.js';
export { SGD, type SGDArgs } from './optimizers/sgd.js';
export { optimizers, type Optimizer } from './optimizers/optimizer.js';
export { tensor, type Tensor, type TensorLike, type Input } from './data.js';
export { progressBar } from './progress.js';
export * from './errors.js';
