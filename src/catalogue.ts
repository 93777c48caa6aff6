// Every layer and optimizer class, imported here once: importing a module registers its
// class, so anything rebuilding a model from a config (a worker, a loader) finds it, and
// the main entry re-exports this list. A new layer is one line here.
export { Dense, type DenseArgs } from './layers/dense.js';
export type { AffineArgs } from './layers/affine.js';
export { Activation, Softmax, type ActivationArgs } from './layers/activation.js';
export { PReLU, type PReLUArgs } from './layers/prelu.js';
export { LeakyReLU, type LeakyReLUArgs } from './layers/leaky-relu.js';
export { Maxout, type MaxoutArgs } from './layers/maxout.js';
export { Dropout, type DropoutArgs } from './layers/dropout.js';
export { Conv } from './layers/conv.js';
export { Conv2D, type Conv2DArgs } from './layers/conv2d.js';
export {
  MaxPooling2D,
  AveragePooling2D,
  GlobalMaxPooling2D,
  GlobalAveragePooling2D,
  type Pooling2DArgs,
} from './layers/pooling2d.js';
export { Conv1D, type Conv1DArgs } from './layers/conv1d.js';
export {
  MaxPooling1D,
  AveragePooling1D,
  GlobalMaxPooling1D,
  GlobalAveragePooling1D,
  type Pooling1DArgs,
} from './layers/pooling1d.js';
export { Flatten, Reshape, type ReshapeArgs } from './layers/reshape.js';
export { Embedding, type EmbeddingArgs } from './layers/embedding.js';
export { Recurrent, type RecurrentArgs } from './layers/recurrent.js';
export { LSTM, type LSTMArgs } from './layers/lstm.js';
export { GRU, type GRUArgs } from './layers/gru.js';
export { SimpleRNN, type SimpleRNNArgs } from './layers/simple-rnn.js';
export { SGD, type SGDArgs } from './optimizers/sgd.js';
export { Adam, type AdamArgs } from './optimizers/adam.js';
export { RMSprop, type RMSpropArgs } from './optimizers/rmsprop.js';
export { Adagrad, type AdagradArgs } from './optimizers/adagrad.js';
