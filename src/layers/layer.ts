// What every layer is: parameters declared in one place (shape + initializer), a
// forward kernel sequence and, right below it, its backward. Buffers are byte offsets
// into the model's arena; `batch` is the number of rows in the current step.
import type { Kernels } from '../wasm.js';
import type { Initializer } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';

export interface LayerArgs {
  /** Layer name; defaults to the class name in snake_case plus a counter (dense, dense_1, …). */
  name?: string;
  /** Shape of one input sample, without the batch dimension; needed on the first layer for summary(). */
  inputShape?: number[];
  /** Penalty on the layer's output, added to the loss (Keras: summed over the batch). */
  activityRegularizer?: RegularizerLike;
}

/** A parameter tensor and where it and its gradient live in the arena. */
export interface Param {
  readonly name: string;
  readonly shape: number[];
  readonly size: number;
  readonly initializer: Initializer;
  readonly regularizer?: L1L2;
  /** Float offset within the model's parameter block; ptr/grad are set when the model is built. */
  offset: number;
  ptr: number;
  grad: number;
}

/** Per-step context handed to every layer call. */
export interface StepContext {
  readonly k: Kernels;
  /** Scratch for gemm_* (k.gemm_work_size() floats). */
  readonly work: number;
  /** Seed of the model's RNG and the optimizer step: what dropout masks are keyed by. */
  readonly seed: number;
  readonly step: number;
  /** Row of the minibatch that row 0 of this call is (a worker's shard starts later). */
  readonly row0: number;
}

export type Alloc = (count: number, what: string) => number;

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
  /** Set by the model when the loss takes over this layer's final activation (softmax or sigmoid). */
  fusedOutput = false;
  /** Position in the model; keys the layer's random streams. */
  index = 0;
  readonly activityRegularizer?: L1L2;

  constructor(args: LayerArgs = {}) {
    const className = (this.constructor as unknown as { className: string }).className;
    this.name = args.name ?? autoName(className);
    if (args.inputShape !== undefined) {
      checkShape(args.inputShape, `${className}: inputShape`);
      this.declaredInputShape = [...args.inputShape];
    }
    this.activityRegularizer = getRegularizer(args.activityRegularizer, `${className}(${this.name}): activityRegularizer`);
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
    const p: Param = { name, shape, size: shape.reduce((a, b) => a * b, 1), initializer, regularizer, offset: 0, ptr: 0, grad: 0 };
    this.params.push(p);
    return p;
  }

  /** Allocates what forward must keep for backward, for batches of up to `batch` rows. */
  plan(_alloc: Alloc, _batch: number): void {}

  /** Name of the activation the layer ends in, if a loss could take it over (see fusedOutput). */
  outputActivation(): string | undefined {
    return undefined;
  }

  /** Pre-activation of the last forward, when fusedOutput is set. */
  logits(): number {
    throw new Error(`${this.name} has no fused output`);
  }

  /** y(batch, out) = layer(x(batch, in)). */
  abstract forward(ctx: StepContext, x: number, y: number, batch: number, training: boolean): void;
  /** Adds parameter gradients; writes dx(batch, in) unless dx is 0. May overwrite dy. */
  abstract backward(ctx: StepContext, dy: number, dx: number, batch: number): void;

  abstract computeOutputShape(inputShape: number[]): number[];

  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name };
    if (this.declaredInputShape) config.inputShape = this.declaredInputShape;
    if (this.activityRegularizer) config.activityRegularizer = regularizerConfig(this.activityRegularizer);
    return config;
  }

  countParams(): number {
    return this.params.reduce((a, p) => a + p.size, 0);
  }
}

/** Checks a shape of positive integers. */
export function checkShape(shape: unknown, what: string): void {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ShapeError(`${what}: expected a non-empty array of positive integers, received ${JSON.stringify(shape)}`);
  }
}

/** Checks a positive integer argument. */
export function checkPositiveInt(value: unknown, what: string): void {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new ValueError(`${what}: expected a positive integer, received ${String(value)}`);
  }
}

export { fmtShape };
