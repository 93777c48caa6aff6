// LSTM (keras.layers.LSTM): gates i, f, c, o side by side in kernel [in, 4·units],
// recurrent_kernel [units, 4·units] and bias [4·units]; c = f·c₋₁ + i·tanh(z_c),
// h = o·tanh(c), the gates sigmoids. The loop is Recurrent's; the cell is assembly/recurrent.ts.
import type { Call, Saved } from './layer.js';
import { Recurrent, type RecurrentArgs } from './recurrent.js';
import type { Initializer } from '../initializers.js';
import type { Kernels } from '../kernels.js';
import { ValueError, quote } from '../errors.js';
import { layers } from './registry.js';

export interface LSTMArgs extends RecurrentArgs {
  /** The gates' activation: 'sigmoid' (Keras's default; tfjs defaults to hardSigmoid). */
  recurrentActivation?: string;
  /** Initialize the forget gate's bias to 1 (Jozefowicz et al. 2015; Keras's default true). */
  unitForgetBias?: boolean;
}

/** The bias initializer with the forget gate's block set to ones (Keras unit_forget_bias). */
class ForgetBias implements Initializer {
  readonly name = 'ForgetBias';
  constructor(
    readonly inner: Initializer,
    readonly units: number,
  ) {}
  init(k: Kernels, ptr: number, shape: readonly number[], seed: number, stream: number): void {
    this.inner.init(k, ptr, shape, seed, stream);
    k.fill(ptr + 4 * this.units, this.units, 1);
  }
  getConfig(): Record<string, unknown> {
    return this.inner.getConfig();
  }
}

export class LSTM extends Recurrent {
  static className = 'LSTM';
  protected readonly gates = 4;
  readonly unitForgetBias: boolean;

  constructor(args: LSTMArgs) {
    super(args, { activation: ['tanh'], recurrentActivation: ['sigmoid'] });
    const v = args.unitForgetBias ?? true;
    if (typeof v !== 'boolean')
      throw new ValueError(`LSTM(${this.name}): unitForgetBias must be a boolean, received ${quote(v)}`);
    this.unitForgetBias = v;
  }

  protected override biasInitializer(): Initializer {
    const inner = super.biasInitializer();
    return this.unitForgetBias ? new ForgetBias(inner, this.units) : inner;
  }

  protected override cellSaved(): Saved[] {
    return [
      { name: 'cell states', perRow: (this.steps + 1) * this.units },
      { name: 'cell gradient', perRow: this.units },
    ];
  }

  protected start(c: Call, B: number): void {
    c.k.fill(c.saved[Recurrent.CELL], B * this.units, 0);
  }

  protected stepForward(c: Call, t: number, B: number): void {
    const { k } = c;
    const U = this.units;
    const [, Z, H] = c.saved;
    const C = c.saved[Recurrent.CELL];
    const s = Recurrent.stride(B, U);
    const Zt = Z + t * Recurrent.stride(B, 4 * U);
    if (t > 0) this.recurrentProduct(c, Zt, H + t * s, B, true); // h₋₁ = 0 at t = 0
    k.lstm_step_forward(Zt, C + t * s, C + (t + 1) * s, H + (t + 1) * s, B, U);
  }

  protected stepBackward(c: Call, t: number, B: number, dhOut: number, dhRec: number): void {
    const { k } = c;
    const U = this.units;
    const [, Z, , dh] = c.saved;
    const C = c.saved[Recurrent.CELL];
    const dc = c.saved[Recurrent.CELL + 1];
    const s = Recurrent.stride(B, U);
    const Zt = Z + t * Recurrent.stride(B, 4 * U);
    if (t === this.steps - 1) k.fill(dc, B * U, 0);
    k.lstm_step_backward(Zt, C + t * s, C + (t + 1) * s, dhOut, dhRec, dc, B, U);
    if (t > 0) this.recurrentProductT(c, dh, Zt, B, false);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      unitForgetBias: this.unitForgetBias,
    };
  }
}

layers.register('LSTM', (c) => new LSTM(c as unknown as LSTMArgs), {
  examples: [
    { config: { units: 5, returnSequences: true }, inputShape: [7, 3] },
    { config: { units: 3, goBackwards: true, recurrentRegularizer: 'l2' }, inputShape: [4, 6] },
  ],
});
