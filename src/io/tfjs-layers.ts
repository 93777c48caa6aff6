// Which simdnet layers have a TensorFlow.js Layers twin, and the config groups the
// conversion in tfjs.ts treats alike.

// Layers whose tfjs config names a data_format (channels last in both libraries).
export const IMAGE_LAYERS = new Set([
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalMaxPooling2D',
  'GlobalAveragePooling2D',
  'Flatten',
]);
// 1-D layers: tfjs writes their sizes as lists of one ([3]); simdnet reads both forms.
export const SEQUENCE_LAYERS = new Set([
  'Conv1D',
  'MaxPooling1D',
  'AveragePooling1D',
  'GlobalMaxPooling1D',
  'GlobalAveragePooling1D',
]);
// Token and recurrent layers. tfjs-layers' GRU is reset_after=False only (tfjs#4621).
const RECURRENT_LAYERS = new Set(['Embedding', 'LSTM', 'GRU', 'SimpleRNN']);
export const INITIALIZERS = [
  'kernel_initializer',
  'bias_initializer',
  'alpha_initializer',
  'recurrent_initializer',
  'embeddings_initializer',
];
export const EXPORTABLE = new Set([
  'Dense',
  'Activation',
  'Softmax',
  'Dropout',
  'PReLU',
  'LeakyReLU',
  'Reshape',
  ...IMAGE_LAYERS,
  ...SEQUENCE_LAYERS,
  ...RECURRENT_LAYERS,
]);

/** Why a layer with a tfjs-layers namesake still cannot be exported, if it cannot: by its config. */
export function notExportable(className: string, config: Record<string, unknown>): string | undefined {
  if (className === 'GRU' && config.resetAfter !== false)
    return 'tfjs-layers cannot run reset_after=True (tfjs#4621); build the GRU with resetAfter: false';
  return undefined;
}
