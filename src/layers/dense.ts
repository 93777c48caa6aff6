// Dense: y = activation(x·W + b), W of shape [in, units] (Keras/tfjs layout).
import { Layer, checkPositiveInt, type LayerArgs, type Param, type StepContext, type Alloc } from './layer.js';
import { getActivation, type Activation } from '../activations.js';
import { getInitializer, initializerConfig, type InitializerLike } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { ShapeError, fmtShape } from '../errors.js';
import { layers } from './registry.js';

export interface DenseArgs extends LayerArgs {
  /** Number of output units. */
  units: number;
  /** Activation name or object; default 'linear'. */
  activation?: string | Activation;
  /** Whether to add a bias vector; default true. */
  useBias?: boolean;
  /** Initializer of the [in, units] kernel; default 'glorotUniform' (as Keras). */
  kernelInitializer?: InitializerLike;
  /** Initializer of the bias; default 'zeros'. */
  biasInitializer?: InitializerLike;
  /** Penalty on the kernel, e.g. l2({l2: 1e-4}) or 'l1'. */
  kernelRegularizer?: RegularizerLike;
  /** Penalty on the bias. */
  biasRegularizer?: RegularizerLike;
}

export class Dense extends Layer {
  static className = 'Dense';
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  private readonly kernelInit: InitializerLike;
  private readonly biasInit: InitializerLike;
  readonly kernelRegularizer?: L1L2;
  readonly biasRegularizer?: L1L2;
  private kernel!: Param;
  private bias?: Param;
  private z = 0; // pre-activation, kept when backward needs it
  private x = 0;
  private y = 0;

  constructor(args: DenseArgs) {
    super(args);
    checkPositiveInt(args?.units, `Dense(${this.name}): units`);
    this.units = args.units;
    this.activation = getActivation(args.activation, `Dense(${this.name}): activation`);
    this.useBias = args.useBias ?? true;
    this.kernelInit = args.kernelInitializer ?? 'glorotUniform';
    this.biasInit = args.biasInitializer ?? 'zeros';
    getInitializer(this.kernelInit, `Dense(${this.name}): kernelInitializer`);
    getInitializer(this.biasInit, `Dense(${this.name}): biasInitializer`);
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer, `Dense(${this.name}): kernelRegularizer`);
    this.biasRegularizer = getRegularizer(args.biasRegularizer, `Dense(${this.name}): biasRegularizer`);
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.kernel = this.addParam('kernel', [inputShape[0], this.units], getInitializer(this.kernelInit, this.name), this.kernelRegularizer);
    if (this.useBias) this.bias = this.addParam('bias', [this.units], getInitializer(this.biasInit, this.name), this.biasRegularizer);
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (inputShape.length !== 1) {
      throw new ShapeError(`Dense(${this.name}): expected input of shape [batch, features], received ${fmtShape(['batch' as never, ...inputShape])}; add a Flatten-like reshape first`);
    }
    return [this.units];
  }

  override plan(alloc: Alloc, batch: number): void {
    const keep = this.fusedOutput || this.activation.needsInput;
    this.z = keep ? alloc(batch * this.units, `${this.name} pre-activation`) : 0;
  }

  override outputActivation(): string {
    return this.activation.name;
  }

  override logits(): number {
    return this.z;
  }

  forward(ctx: StepContext, x: number, y: number, batch: number): void {
    const { k } = ctx;
    const z = this.z || y;
    k.gemm_nn(z, x, this.kernel.ptr, ctx.work, batch, this.inputShape[0], this.units, false);
    if (this.bias && this.activation.biasForward) {
      this.activation.biasForward(k, y, z, this.bias.ptr, batch, this.units); // one pass over z instead of two
    } else {
      if (this.bias) k.bias_forward(z, this.bias.ptr, batch, this.units);
      if (z !== y || this.activation.name !== 'linear') this.activation.forward(k, y, z, batch, this.units);
    }
    this.x = x;
    this.y = y;
  }

  backward(ctx: StepContext, dy: number, dx: number, batch: number): void {
    const { k } = ctx;
    const n = this.inputShape[0];
    // dy becomes dz in place, unless the loss already gave dz (fused output).
    if (!this.fusedOutput) this.activation.backward(k, dy, dy, this.z, this.y, batch, this.units);
    k.gemm_tn(this.kernel.grad, this.x, dy, ctx.work, n, batch, this.units, true);
    if (this.bias) k.bias_backward(this.bias.grad, dy, batch, this.units);
    if (dx) k.gemm_nt(dx, dy, this.kernel.ptr, ctx.work, batch, this.units, n, false);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: initializerConfig(this.kernelInit),
      biasInitializer: initializerConfig(this.biasInit),
      kernelRegularizer: regularizerConfig(this.kernelRegularizer),
      biasRegularizer: regularizerConfig(this.biasRegularizer),
    };
  }
}

layers.register('Dense', (c) => new Dense(c as unknown as DenseArgs));
