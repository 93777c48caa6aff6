// The networks `simdnet train --model …` builds. cnn is the Keras example mnist_convnet
// (keras.io/examples/vision/mnist_convnet): two 3×3 relu convolutions of 32 and 64 filters,
// each followed by 2×2 max pooling, then dropout 0.5 and a softmax layer, trained with Adam.
import { Sequential } from './model.js';
import { Dense } from './layers/dense.js';
import { Conv2D } from './layers/conv2d.js';
import { MaxPooling2D } from './layers/pooling2d.js';
import { Flatten } from './layers/reshape.js';
import { Dropout } from './layers/dropout.js';
import { SGD } from './optimizers/sgd.js';
import { Adam } from './optimizers/adam.js';
import type { Optimizer } from './optimizers/optimizer.js';

export const MODELS = ['mlp', 'cnn'] as const;
export type ModelKind = (typeof MODELS)[number];

export interface ModelSpec {
  kind: ModelKind;
  /** Sample shape of the data: [784] for the MLP, [28, 28, 1] for the CNN. */
  sample: number[];
  classes: number;
  seed: number;
  hidden: number[];
  learningRate: number;
  momentum: number;
}

/** Default learning rate: SGD with momentum for the MLP, Adam's Keras default for the CNN. */
export const defaultRate = (kind: ModelKind) => (kind === 'cnn' ? 1e-3 : 0.1);

/** Default epochs: the CNN trains for the Keras example's 15. */
export const defaultEpochs = (kind: ModelKind) => (kind === 'cnn' ? 15 : 10);

export function buildModel(s: ModelSpec): { model: Sequential; optimizer: Optimizer } {
  const model = new Sequential({ seed: s.seed });
  if (s.kind === 'cnn') {
    model.add(new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: s.sample }));
    model.add(new MaxPooling2D({ poolSize: 2 }));
    model.add(new Conv2D({ filters: 64, kernelSize: 3, activation: 'relu' }));
    model.add(new MaxPooling2D({ poolSize: 2 }));
    model.add(new Flatten());
    model.add(new Dropout({ rate: 0.5 }));
    model.add(new Dense({ units: s.classes, activation: 'softmax' }));
    return { model, optimizer: new Adam({ learningRate: s.learningRate }) };
  }
  s.hidden.forEach((units, i) =>
    model.add(new Dense({ units, activation: 'relu', inputShape: i === 0 ? s.sample : undefined })),
  );
  const inputShape = s.hidden.length ? undefined : s.sample;
  model.add(new Dense({ units: s.classes, activation: 'softmax', inputShape }));
  return { model, optimizer: new SGD({ learningRate: s.learningRate, momentum: s.momentum }) };
}
