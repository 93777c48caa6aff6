// Embedding (keras.layers.Embedding): integer token ids [steps] → rows of a table
// embeddings [inputDim, outputDim]. Ids come in as the model's f32 input and are checked
// before they are staged (checkInput), so an id out of range is an error naming the sample
// and step rather than a silent zero row. Backward adds each step's gradient into its row,
// in row order; there is no gradient for the ids.
import { Layer, checkPositiveInt, type LayerArgs, type Call } from './layer.js';
import { getInitializer, initializerConfig, type InitializerLike } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { ValueError, quote } from '../errors.js';
import { layers } from './registry.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Number of token ids (ids are 0 … inputDim − 1). */
  inputDim: number;
  /** Width of each embedding vector. */
  outputDim: number;
  /** Default 'randomUniform' (±0.05, Keras). */
  embeddingsInitializer?: InitializerLike;
  embeddingsRegularizer?: RegularizerLike;
  /** Keras 2's way to give the sequence length: the same as inputShape [inputLength]. */
  inputLength?: number;
  /** Not supported (only false): simdnet has no masks. */
  maskZero?: boolean;
}

export class Embedding extends Layer {
  static className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsRegularizer?: L1L2;
  private readonly init: InitializerLike;

  constructor(args: EmbeddingArgs) {
    const inputShape = args?.inputShape ?? (args?.inputLength !== undefined ? [args.inputLength] : undefined);
    super({ ...args, inputShape });
    const what = `Embedding(${this.name})`;
    checkPositiveInt(args?.inputDim, `${what}: inputDim`);
    checkPositiveInt(args.outputDim, `${what}: outputDim`);
    if (args.inputDim > 2 ** 24)
      throw new ValueError(`${what}: inputDim ${args.inputDim} is above 2^24, where f32 ids stop being exact`);
    if (args.maskZero !== undefined && args.maskZero !== false)
      throw new ValueError(`${what}: maskZero ${quote(args.maskZero)} is not supported (simdnet has no masks)`);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.init = args.embeddingsInitializer ?? 'randomUniform';
    getInitializer(this.init, `${what}: embeddingsInitializer`);
    this.embeddingsRegularizer = getRegularizer(args.embeddingsRegularizer, `${what}: embeddingsRegularizer`);
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape, this.outputDim];
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.addParam(
      'embeddings',
      [this.inputDim, this.outputDim],
      getInitializer(this.init, this.name),
      this.embeddingsRegularizer,
    );
  }

  /** Every id an integer in [0, inputDim): the error names the first that is not. */
  override checkInput(data: Float32Array, width: number, what: string, row0 = 0): void {
    const V = this.inputDim;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!(v >= 0 && v < V && Math.floor(v) === v)) {
        throw new ValueError(
          `${what}: sample ${row0 + Math.floor(i / width)}, step ${i % width} is ${v}; ` +
            `Embedding(${this.name}) takes integer ids in [0, ${V - 1}]`,
        );
      }
    }
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    c.k.embedding_forward(y, x, c.params[0], rows * this.inputSize, this.outputDim, this.inputDim);
  }

  backward(c: Call, dy: number, dx: number, x: number, _y: number, rows: number): void {
    const n = rows * this.inputSize;
    c.k.embedding_backward(c.grads[0], dy, x, n, this.outputDim, this.inputDim);
    if (dx) c.k.fill(dx, n, 0); // ids have no gradient
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: initializerConfig(this.init),
      embeddingsRegularizer: regularizerConfig(this.embeddingsRegularizer),
    };
  }
}

layers.register('Embedding', (c) => new Embedding(c as unknown as EmbeddingArgs), {
  examples: [{ config: { inputDim: 11, outputDim: 4 }, inputShape: [6], ids: 11 }],
});
