// GRU (keras.layers.GRU, reset_after=True, Keras 2+'s default and the cuDNN form): gates
// z, r, h in kernel [in, 3·units] and recurrent_kernel [units, 3·units]; bias [2, 3·units],
// row 0 added to x·W, row 1 to h₋₁·R; h̃ = tanh(x_h + r·(h₋₁·R + b)_h), h = z·h₋₁ + (1 − z)·h̃.
// The recurrent product has its own buffer (its h part is needed backward, and its gradient
// differs from x·W's in that part), so dR is its own single GEMM.
import type { Call, Saved } from './layer.js';
import { Recurrent, type RecurrentArgs } from './recurrent.js';
import { ValueError, quote } from '../errors.js';
import { layers } from './registry.js';

export interface GRUArgs extends RecurrentArgs {
  /** The gates' activation: 'sigmoid'. */
  recurrentActivation?: string;
  /** Only true (Keras's default): the reset gate multiplies h₋₁·R after the product. */
  resetAfter?: boolean;
}

export class GRU extends Recurrent {
  static className = 'GRU';
  protected readonly gates = 3;

  constructor(args: GRUArgs) {
    super(args, { activation: ['tanh'], recurrentActivation: ['sigmoid'] });
    if (args.resetAfter !== undefined && args.resetAfter !== true) {
      throw new ValueError(
        `GRU(${this.name}): resetAfter ${quote(args.resetAfter)} is not supported; only true (Keras's default)`,
      );
    }
  }

  protected override biasShape(): number[] {
    return [2, 3 * this.units];
  }

  protected override cellSaved(): Saved[] {
    return [{ name: 'recurrent pre-activations', perRow: this.steps * 3 * this.units }];
  }

  protected override recurrentGradients(c: Call): number {
    return c.saved[Recurrent.CELL];
  }

  protected override biasForward(c: Call, B: number): void {
    c.k.bias_forward(c.saved[1], c.params[2], this.steps * B, 3 * this.units);
  }

  protected override biasBackward(c: Call, B: number): void {
    const GU = 3 * this.units;
    c.k.bias_backward(c.grads[2], c.saved[1], this.steps * B, GU);
    c.k.bias_backward(c.grads[2] + 4 * GU, c.saved[Recurrent.CELL], this.steps * B, GU);
  }

  protected start(): void {}

  protected stepForward(c: Call, t: number, B: number): void {
    const { k } = c;
    const U = this.units;
    const [, Z, H] = c.saved;
    const s = Recurrent.stride(B, U);
    const g = Recurrent.stride(B, 3 * U);
    const St = c.saved[Recurrent.CELL] + t * g;
    k.gemm_nn(St, H + t * s, c.params[1], c.work, B, U, 3 * U, false);
    if (this.useBias) k.bias_forward(St, c.params[2] + 4 * 3 * U, B, 3 * U);
    k.gru_step_forward(Z + t * g, St, H + t * s, H + (t + 1) * s, B, U);
  }

  protected stepBackward(c: Call, t: number, B: number, dhOut: number, dhRec: number): void {
    const { k } = c;
    const U = this.units;
    const [, Z, H, dh] = c.saved;
    const s = Recurrent.stride(B, U);
    const g = Recurrent.stride(B, 3 * U);
    const St = c.saved[Recurrent.CELL] + t * g;
    k.gru_step_backward(Z + t * g, St, H + t * s, dhOut, dhRec, dh, B, U);
    if (t > 0) k.gemm_nt(dh, St, c.params[1], c.work, B, 3 * U, U, true); // onto dh·z
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: 'tanh', recurrentActivation: 'sigmoid', resetAfter: true };
  }
}

layers.register('GRU', (c) => new GRU(c as unknown as GRUArgs), {
  examples: [
    { config: { units: 5, returnSequences: true }, inputShape: [6, 3] },
    { config: { units: 2, goBackwards: true, biasInitializer: 'randomNormal' }, inputShape: [3, 4] },
  ],
});
