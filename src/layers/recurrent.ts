// What LSTM, GRU and SimpleRNN share: weights in Keras's layout (kernel [in, G·units],
// recurrent_kernel [units, G·units], gates side by side), sequences [steps, features] kept
// time-major inside (assembly/recurrent.ts), and the loop:
//   forward   Z = X·W + b for all steps (one GEMM); per step Z_t += h₋₁·R (a GEMM of the
//             block's rows), then the cell's gate math in one SIMD pass.
//   backward  per step, last to first: the cell turns Z_t into dZ_t; ∂h₋₁ = dZ_t·Rᵀ. Then
//             dW = Xᵀ·dZ, dR = H₋₁ᵀ·dZ, db = Σ dZ and dX = dZ·Wᵀ, one GEMM each over all steps.
// The initial state is zero (Keras's default); a subclass supplies the cell.
import { Layer, checkPositiveInt, packedFloats, type LayerArgs, type Call, type Saved } from './layer.js';
import { getActivation } from '../activations.js';
import { getInitializer, initializerConfig, type Initializer, type InitializerLike } from '../initializers.js';
import { getRegularizer, regularizerConfig, type L1L2, type RegularizerLike } from '../regularizers.js';
import { ShapeError, ValueError, fmtShape, quote } from '../errors.js';

export interface RecurrentArgs extends LayerArgs {
  /** Size of the state (and of the output). */
  units: number;
  /** The candidate/output activation; 'tanh' (default) is what the fused cell computes. */
  activation?: string;
  /** Whether to add biases; default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerLike;
  /** Default 'orthogonal'. */
  recurrentInitializer?: InitializerLike;
  /** Default 'zeros'. */
  biasInitializer?: InitializerLike;
  kernelRegularizer?: RegularizerLike;
  recurrentRegularizer?: RegularizerLike;
  biasRegularizer?: RegularizerLike;
  /** Output the state at every step ([steps, units]) instead of the last one ([units]). Default false. */
  returnSequences?: boolean;
  /** Read the sequence last step first (outputs follow that order, as Keras). Default false. */
  goBackwards?: boolean;
  /** Not supported: a Sequential model has one output (Keras needs the functional API for it). */
  returnState?: boolean;
  /** Not supported (only 0). */
  dropout?: number;
  /** Not supported (only 0). */
  recurrentDropout?: number;
  /** Not supported (only false). */
  stateful?: boolean;
  /** Accepted for Keras configs; the loop is the same either way. */
  unroll?: boolean;
  /** Accepted for Keras configs (1 or 2); the loop is the same either way. */
  implementation?: number;
}

/** The unsupported Keras options and what they must be. */
const FIXED: [keyof RecurrentArgs, unknown, string][] = [
  ['returnState', false, 'a Sequential model has one output; read the state from returnSequences instead'],
  ['dropout', 0, 'dropout inside the cell is not implemented; put a Dropout layer before it'],
  ['recurrentDropout', 0, 'recurrent dropout is not implemented'],
  ['stateful', false, 'stateful recurrence is not implemented; every batch starts from a zero state'],
];

function flag(v: unknown, fallback: boolean, what: string): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ValueError(`${what}: expected a boolean, received ${quote(v)}`);
  return v;
}

/** The shared base of LSTM, GRU and SimpleRNN. */
export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly useBias: boolean;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly kernelRegularizer?: L1L2;
  readonly recurrentRegularizer?: L1L2;
  readonly biasRegularizer?: L1L2;
  protected readonly inits: { kernel: InitializerLike; recurrent: InitializerLike; bias: InitializerLike };
  /** Gates per unit: 4 (LSTM), 3 (GRU), 1 (SimpleRNN). */
  protected abstract readonly gates: number;
  /**
   * A step's products have only the chunk's rows, and a batch of 64 is common: chunks of 32
   * let two threads share it (1.90× on two threads; one thread as fast as with 64, bench/RESULTS.md).
   */
  override readonly maxChunkRows = 32;

  constructor(args: RecurrentArgs, activations: Record<string, string[]>) {
    super(args);
    const what = `${this.className}(${this.name})`;
    checkPositiveInt(args?.units, `${what}: units`);
    this.units = args.units;
    for (const [key, allowed] of Object.entries(activations)) {
      const given = (args as unknown as Record<string, unknown>)[key] ?? allowed[0];
      getActivation(given as string, `${what}: ${key}`);
      if (!allowed.includes(given as string)) {
        throw new ValueError(
          `${what}: ${key} ${quote(given)} is not supported: the fused cell computes ${allowed.join(' or ')}`,
        );
      }
    }
    for (const [key, value, why] of FIXED) {
      const given = args[key];
      if (given !== undefined && given !== value) throw new ValueError(`${what}: ${key} ${quote(given)}: ${why}`);
    }
    if (args.implementation !== undefined && args.implementation !== 1 && args.implementation !== 2)
      throw new ValueError(`${what}: implementation must be 1 or 2, received ${quote(args.implementation)}`);
    flag(args.unroll, false, `${what}: unroll`);
    this.useBias = flag(args.useBias, true, `${what}: useBias`);
    this.returnSequences = flag(args.returnSequences, false, `${what}: returnSequences`);
    this.goBackwards = flag(args.goBackwards, false, `${what}: goBackwards`);
    this.inits = {
      kernel: args.kernelInitializer ?? 'glorotUniform',
      recurrent: args.recurrentInitializer ?? 'orthogonal',
      bias: args.biasInitializer ?? 'zeros',
    };
    for (const [key, spec] of Object.entries(this.inits)) getInitializer(spec, `${what}: ${key}Initializer`);
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer, `${what}: kernelRegularizer`);
    this.recurrentRegularizer = getRegularizer(args.recurrentRegularizer, `${what}: recurrentRegularizer`);
    this.biasRegularizer = getRegularizer(args.biasRegularizer, `${what}: biasRegularizer`);
  }

  get steps(): number {
    return this.inputShape[0];
  }

  get features(): number {
    return this.inputShape[1];
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (inputShape.length !== 2) {
      throw new ShapeError(
        `${this.className}(${this.name}): expects sequences [steps, features], received samples of shape ` +
          fmtShape(inputShape),
      );
    }
    return this.returnSequences ? [inputShape[0], this.units] : [this.units];
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    const GU = this.gates * this.units;
    this.addParam('kernel', [this.features, GU], getInitializer(this.inits.kernel, this.name), this.kernelRegularizer);
    this.addParam(
      'recurrent_kernel',
      [this.units, GU],
      getInitializer(this.inits.recurrent, this.name),
      this.recurrentRegularizer,
    );
    if (this.useBias) this.addParam('bias', this.biasShape(), this.biasInitializer(), this.biasRegularizer);
  }

  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  protected biasInitializer(): Initializer {
    return getInitializer(this.inits.bias, this.name);
  }

  /** Per-row buffers beyond the shared ones (inputs, gates, states, dh). */
  protected cellSaved(): Saved[] {
    return [];
  }

  override saved(): Saved[] {
    const { steps: T, features: D, units: U, gates: G } = this;
    const s: Saved[] = [
      { name: 'inputs, time-major', perRow: T * D },
      { name: 'gates', perRow: T * G * U },
      { name: 'states', perRow: (T + 1) * U },
      { name: 'state gradient', perRow: U },
      // R packed once a pass for the steps' products: for h·R, then for dS·Rᵀ.
      {
        name: 'packed recurrent kernel',
        perRow: Math.max(packedFloats(U, G * U), packedFloats(G * U, U)),
        fixed: true,
      },
      ...this.cellSaved(),
    ];
    if (this.returnSequences) s.push({ name: 'output gradients, time-major', perRow: T * U });
    return s;
  }

  /** Index in c.saved of the first cellSaved() buffer. */
  protected static readonly CELL = 5;
  /** Index in c.saved of the packed recurrent kernel. */
  private static readonly PACKED = 4;

  /** out(B, GU) (+)= h(B, U)·R, R as packed by forward. */
  protected recurrentProduct(c: Call, out: number, h: number, B: number, accumulate: boolean): void {
    const GU = this.gates * this.units;
    c.k.gemm_packed(out, h, c.saved[Recurrent.PACKED], c.work, B, this.units, GU, accumulate);
  }

  /** out(B, U) (+)= dS(B, GU)·Rᵀ, Rᵀ as packed by backward. */
  protected recurrentProductT(c: Call, out: number, dS: number, B: number, accumulate: boolean): void {
    const GU = this.gates * this.units;
    c.k.gemm_packed(out, dS, c.saved[Recurrent.PACKED], c.work, B, GU, this.units, accumulate);
  }

  /** Bytes of one step's block of B rows of `width` floats. */
  protected static stride(B: number, width: number): number {
    return 4 * B * width;
  }

  /** Before the loop: zero states and the cell's own buffers. */
  protected abstract start(c: Call, B: number): void;
  /** Step t of the loop: Z_t holds x·W + b; adds the recurrent term and runs the cell. */
  protected abstract stepForward(c: Call, t: number, B: number): void;
  /**
   * Backward of step t: dhOut (or 0) from the output, dhRec (or 0) from step t + 1; leaves the
   * pre-activation gradient for dR in the buffer recurrentGradients() names, and, unless t is 0,
   * ∂h₋₁ in the state-gradient buffer.
   */
  protected abstract stepBackward(c: Call, t: number, B: number, dhOut: number, dhRec: number): void;

  /** Where the gradient of the recurrent product's output is, all steps: dZ, or the GRU's own. */
  protected recurrentGradients(c: Call): number {
    return c.saved[1];
  }

  /** After dR = H₋₁ᵀ·dS: what else a cell adds to dR (a GRU with reset_after=False). */
  protected recurrentBackward(_c: Call, _B: number): void {}

  /** db from the pre-activation gradients (a GRU adds its recurrent bias row). */
  protected biasBackward(c: Call, B: number): void {
    const GU = this.gates * this.units;
    c.k.bias_backward(c.grads[2], c.saved[1], this.steps * B, GU, true);
  }

  /** Z += b over all steps (a GRU adds its input bias row). */
  protected biasForward(c: Call, B: number): void {
    c.k.bias_forward(c.saved[1], c.params[2], this.steps * B, this.gates * this.units);
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    const { k } = c;
    const { steps: T, features: D, units: U } = this;
    const GU = this.gates * U;
    const [xt, Z, H] = c.saved;
    k.to_time_major(xt, x, rows, T, D, this.goBackwards);
    k.gemm_nn(Z, xt, c.params[0], c.work, T * rows, D, GU, false);
    if (this.useBias) this.biasForward(c, rows);
    k.fill(H, rows * U, 0);
    k.gemm_pack(c.saved[Recurrent.PACKED], c.params[1], U, GU);
    this.start(c, rows);
    for (let t = 0; t < T; t++) this.stepForward(c, t, rows);
    const states = H + Recurrent.stride(rows, U);
    if (this.returnSequences) k.to_batch_major(y, states, rows, T, U, false);
    else k.copy(y, states + (T - 1) * Recurrent.stride(rows, U), rows * U);
  }

  backward(c: Call, dy: number, dx: number, _x: number, _y: number, rows: number): void {
    const { k } = c;
    const { steps: T, features: D, units: U } = this;
    const GU = this.gates * U;
    const [xt, Z, H, dh] = c.saved;
    const dHs = this.returnSequences ? c.saved[c.saved.length - 1] : 0;
    if (dHs) k.to_time_major(dHs, dy, rows, T, U, false);
    const step = Recurrent.stride(rows, U);
    k.gemm_pack_t(c.saved[Recurrent.PACKED], c.params[1], GU, U);
    for (let t = T - 1; t >= 0; t--) {
      const dhOut = dHs ? dHs + t * step : t === T - 1 ? dy : 0;
      this.stepBackward(c, t, rows, dhOut, t === T - 1 ? 0 : dh);
    }
    k.gemm_tn(c.grads[1], H, this.recurrentGradients(c), c.work, U, T * rows, GU, true);
    this.recurrentBackward(c, rows);
    k.gemm_tn(c.grads[0], xt, Z, c.work, D, T * rows, GU, true);
    if (this.useBias) this.biasBackward(c, rows);
    if (!dx) return;
    k.gemm_nt(xt, Z, c.params[0], c.work, T * rows, GU, D, false); // X is no longer needed: dX goes there
    k.to_batch_major(dx, xt, rows, T, D, this.goBackwards);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      useBias: this.useBias,
      kernelInitializer: initializerConfig(this.inits.kernel),
      recurrentInitializer: initializerConfig(this.inits.recurrent),
      biasInitializer: initializerConfig(this.inits.bias),
      kernelRegularizer: regularizerConfig(this.kernelRegularizer),
      recurrentRegularizer: regularizerConfig(this.recurrentRegularizer),
      biasRegularizer: regularizerConfig(this.biasRegularizer),
      returnSequences: this.returnSequences,
      goBackwards: this.goBackwards,
    };
  }
}
