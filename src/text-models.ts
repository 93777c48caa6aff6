// The networks of `simdnet train --task spam|lm`. Inputs are token ids: bytes (spam: 256
// values + padding) or characters (lm). gcnn is a stack of gated causal convolutions
// (Dauphin et al. 2017: Conv1D(2k, w, causal) with a GLU), dilated 1, 2, 4… so the window
// grows with depth as in WaveNet (van den Oord et al. 2016); lstm one LSTM layer.
import { Sequential } from './model.js';
import { Dense } from './layers/dense.js';
import { Embedding } from './layers/embedding.js';
import { LSTM } from './layers/lstm.js';
import { Conv1D } from './layers/conv1d.js';
import { MaxPooling1D, GlobalMaxPooling1D } from './layers/pooling1d.js';
import type { Layer } from './layers/layer.js';

export const SPAM_MODELS = ['cnn', 'gcnn', 'lstm'] as const;
export const LM_MODELS = ['lstm', 'gcnn'] as const;
export type TextModelKind = (typeof SPAM_MODELS)[number];

/** Byte ids: 256 byte values + 1, and 0 for padding. */
export const BYTE_IDS = 257;

const gated = (filters: number, width: number, dilationRate: number) =>
  new Conv1D({ filters: 2 * filters, kernelSize: width, padding: 'causal', dilationRate, activation: 'glu' });

/** ham/spam from the first `steps` bytes of a message: one sigmoid unit. */
export function spamModel(kind: TextModelKind, steps: number, seed: number): Sequential {
  const layers: Layer[] = [new Embedding({ inputDim: BYTE_IDS, outputDim: 32, inputShape: [steps] })];
  if (kind === 'lstm') layers.push(new LSTM({ units: 64 }));
  else if (kind === 'gcnn') layers.push(gated(64, 5, 1), gated(64, 5, 2), new GlobalMaxPooling1D());
  else
    layers.push(
      new Conv1D({ filters: 64, kernelSize: 5, activation: 'relu' }),
      new MaxPooling1D({ poolSize: 2 }),
      new Conv1D({ filters: 64, kernelSize: 5, activation: 'relu' }),
      new GlobalMaxPooling1D(),
    );
  layers.push(new Dense({ units: 1, activation: 'sigmoid' }));
  return new Sequential({ seed, layers });
}

/**
 * The next character at every step of a window of `steps` ids: Embedding 64 → LSTM 256, or
 * → three gated causal convolutions of 128 channels, width 4, dilations 1, 2, 4 (a window of
 * 22 characters; parameters within 4 % of the LSTM's) → softmax over the vocabulary.
 */
export function languageModel(kind: 'lstm' | 'gcnn', vocab: number, steps: number, seed: number): Sequential {
  const layers: Layer[] = [new Embedding({ inputDim: vocab, outputDim: 64, inputShape: [steps] })];
  if (kind === 'lstm') layers.push(new LSTM({ units: 256, returnSequences: true }));
  else layers.push(gated(128, 4, 1), gated(128, 4, 2), gated(128, 4, 4));
  layers.push(new Dense({ units: vocab, activation: 'softmax' }));
  return new Sequential({ seed, layers });
}
