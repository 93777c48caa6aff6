// What every layer is: parameters declared in one place (shape + initializer), a
// forward kernel sequence and, right below it, its backward. Buffers are byte offsets
// into the model's arena; `batch` is the number of rows in the current step.
import type { Kernels } from '../kernels.js';
import type { Initializer } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { ShapeError, ValueError, fmtShape, quote } from '../errors.js';

export interface LayerArgs {
  /** Layer name; defaults to the class name in snake_case plus a counter (dense, dense_1, …). */
  name?: string;
  /** Shape of one input sample, without the batch dimension; needed on the first layer for summary(). */
  inputShape?: number[];
  /** Penalty on the layer's output, added to the loss (Keras: summed over the batch). */
  activityRegularizer?: RegularizerLike;
  /** false freezes the layer: fit leaves its parameters as they are. Default true. */
  trainable?: boolean;
}

/** A parameter a layer declares: shape, initializer, regularizer. Where it lives is the session's business. */
export interface Param {
  readonly name: string;
  readonly shape: number[];
  readonly size: number;
  readonly initializer: Initializer;
  readonly regularizer?: L1L2;
}

/** A buffer a layer's backward needs from its forward, sized per row of the batch. */
export interface Saved {
  readonly name: string;
  /** 4-byte values per row (f32, or i32 for indices). */
  readonly perRow: number;
  /** A scratch buffer of perRow values whatever the batch (not one per row). */
  readonly fixed?: boolean;
}

/** Floats of a GEMM operand B(K, N) packed once (k.gemm_pack, k.gemm_pack_t): assembly/gemm.ts gemm_packed_size. */
export function packedFloats(K: number, N: number): number {
  return K * Math.ceil(N / 8) * 8;
}

/**
 * What a layer's forward and backward are handed: the kernels and byte offsets into the
 * session's memory. The session owns every pointer; a layer keeps none between calls.
 */
export interface Call {
  readonly k: Kernels;
  /** Scratch for gemm_* (k.gemm_work_size() floats). */
  readonly work: number;
  /** The layer's parameters and their gradients, in the order build() declared them. */
  readonly params: readonly number[];
  readonly grads: readonly number[];
  /** The buffers saved() declared, in that order. */
  readonly saved: readonly number[];
  /** The loss takes over this layer's output activation (softmax or sigmoid): backward gets d(logits). */
  readonly fused: boolean;
  /** The layer's position in the model; keys its random streams. */
  readonly index: number;
  /**
   * Seed of the model's RNG, the optimizer step and the minibatch row of this call's row 0: what dropout masks are
   * keyed by.
   */
  readonly seed: number;
  readonly step: number;
  readonly row0: number;
}

const counters = new Map<string, number>();
function autoName(className: string): string {
  // Keras style: MaxPooling2D → max_pooling2d, PReLU → prelu
  const base = className.replace(/([a-z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

export abstract class Layer {
  readonly name: string;
  /** Declared input shape (from args), if any. */
  readonly declaredInputShape?: number[];
  inputShape: number[] = [];
  outputShape: number[] = [];
  readonly params: Param[] = [];
  built = false;
  /** Whether the optimizer updates this layer's parameters (Keras `trainable`); default true. */
  trainable: boolean;
  readonly activityRegularizer?: L1L2;
  /** At most this many rows per chunk of a minibatch (default: the session's 64). */
  readonly maxChunkRows?: number;
  /**
   * backward writes every float of this layer's parameter gradients instead of adding to them,
   * so a chunk need not zero them first (core/layout.ts zeroRanges).
   */
  get overwritesGradients(): boolean {
    return false;
  }

  constructor(args: LayerArgs = {}) {
    const className = (this.constructor as unknown as { className: string }).className;
    this.name = args.name ?? autoName(className);
    if (args.inputShape !== undefined) {
      checkShape(args.inputShape, `${className}: inputShape`);
      this.declaredInputShape = [...args.inputShape];
    }
    this.activityRegularizer = getRegularizer(
      args.activityRegularizer,
      `${className}(${this.name}): activityRegularizer`,
    );
    if (args.trainable !== undefined && typeof args.trainable !== 'boolean') {
      throw new ValueError(
        `${className}(${this.name}): trainable must be a boolean, received ${quote(args.trainable)}`,
      );
    }
    this.trainable = args.trainable ?? true;
  }

  get className(): string {
    return (this.constructor as unknown as { className: string }).className;
  }

  /** Floats per sample of the output. */
  get outputSize(): number {
    return this.outputShape.reduce((a, b) => a * b, 1);
  }

  /** Floats per sample of the input. */
  get inputSize(): number {
    return this.inputShape.reduce((a, b) => a * b, 1);
  }

  /** Sets inputShape/outputShape and declares parameters. */
  build(inputShape: number[]): void {
    this.inputShape = [...inputShape];
    this.outputShape = this.computeOutputShape(inputShape);
    this.built = true;
  }

  protected addParam(name: string, shape: number[], initializer: Initializer, regularizer?: L1L2): Param {
    const p: Param = { name, shape, size: shape.reduce((a, b) => a * b, 1), initializer, regularizer };
    this.params.push(p);
    return p;
  }

  /** What forward must keep for backward (`fused`: the loss takes over the output activation). */
  saved(_fused: boolean): Saved[] {
    return [];
  }

  /** Name of the activation the layer ends in, if a loss could take it over. */
  outputActivation(): string | undefined {
    return undefined;
  }

  /** Where the last forward left the pre-activation of the output (fused calls only). */
  logits(c: Call, _x: number): number {
    throw new Error(`${this.name} has no fused output (${c.index})`);
  }

  /**
   * Checks input data before it is staged, when the layer is the model's first (an Embedding's
   * ids); throws a ValueError naming the sample. `width`: values per sample; row0 numbers the rows.
   */
  checkInput(_data: Float32Array, _width: number, _what: string, _row0 = 0): void {}

  /** y(rows, out) = layer(x(rows, in)). */
  abstract forward(c: Call, x: number, y: number, rows: number, training: boolean): void;
  /**
   * Adds parameter gradients into c.grads; writes dx(rows, in) unless dx is 0. May overwrite dy. x, y: the forward's.
   */
  abstract backward(c: Call, dy: number, dx: number, x: number, y: number, rows: number): void;

  abstract computeOutputShape(inputShape: number[]): number[];

  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name };
    if (this.declaredInputShape) config.inputShape = this.declaredInputShape;
    if (this.activityRegularizer) config.activityRegularizer = regularizerConfig(this.activityRegularizer);
    if (!this.trainable) config.trainable = false;
    return config;
  }

  countParams(): number {
    return this.params.reduce((a, p) => a + p.size, 0);
  }
}

/** Checks a shape of positive integers. */
export function checkShape(shape: unknown, what: string): void {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ShapeError(`${what}: expected a non-empty array of positive integers, received ${quote(shape)}`);
  }
}

/** Checks a positive integer argument. */
export function checkPositiveInt(value: unknown, what: string): void {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new ValueError(`${what}: expected a positive integer, received ${quote(value)}`);
  }
}

export { fmtShape };
