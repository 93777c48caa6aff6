// Imports every module that registers names (layers, optimizers; activations, losses,
// initializers and regularizers register where they are defined), so that anything
// rebuilding a model from a config finds every class, whatever the caller imported.
import './layers/dense.js';
import './layers/activation.js';
import './layers/prelu.js';
import './layers/maxout.js';
import './layers/dropout.js';
import './layers/leaky-relu.js';
import './optimizers/sgd.js';
import './optimizers/adam.js';
import './optimizers/rmsprop.js';
import './optimizers/adagrad.js';
