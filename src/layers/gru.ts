// GRU (keras.layers.GRU): gates z, r, h in kernel [in, 3·units] and recurrent_kernel
// [units, 3·units]; h = z·h₋₁ + (1 − z)·h̃. Two forms, as Keras:
// - resetAfter true (Keras 2+'s default, the cuDNN form): bias [2, 3·units], row 0 added to
//   x·W, row 1 to h₋₁·R; h̃ = tanh(x_h + r·(h₋₁·R + b)_h). The recurrent product has its own
//   buffer (its h part is needed backward, and its gradient differs from x·W's there), so dR
//   is its own single GEMM.
// - resetAfter false (tfjs-layers' only GRU): bias [3·units]; h̃ = tanh(x_h + (r ⊙ h₋₁)·R_h),
//   so a step is h₋₁·R, a first pass (z, r, r ⊙ h₋₁), a second GEMM by R_h (copied out of R
//   once per chunk, contiguous), a second pass; dR_h = Σ (r ⊙ h₋₁)ᵀ·dp is one more GEMM.
import type { Call, Saved } from './layer.js';
import { Recurrent, type RecurrentArgs } from './recurrent.js';
import { ValueError, quote } from '../errors.js';
import { layers } from './registry.js';

export interface GRUArgs extends RecurrentArgs {
  /** The gates' activation: 'sigmoid'. */
  recurrentActivation?: string;
  /** Whether the reset gate multiplies h₋₁·R after the product (default true, Keras) or h₋₁ before it. */
  resetAfter?: boolean;
}

export class GRU extends Recurrent {
  static className = 'GRU';
  protected readonly gates = 3;
  readonly resetAfter: boolean;

  constructor(args: GRUArgs) {
    super(args, { activation: ['tanh'], recurrentActivation: ['sigmoid'] });
    const v = args.resetAfter ?? true;
    if (typeof v !== 'boolean')
      throw new ValueError(`GRU(${this.name}): resetAfter must be a boolean, received ${quote(v)}`);
    this.resetAfter = v;
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected override cellSaved(): Saved[] {
    const { steps: T, units: U } = this;
    const products: Saved = { name: 'recurrent products', perRow: T * 3 * U };
    if (this.resetAfter) return [products];
    return [
      products,
      { name: 'reset states', perRow: T * U },
      { name: 'candidate gradients', perRow: T * U },
      { name: 'step scratch', perRow: U },
      { name: 'R_h, then dR_h', perRow: U * U, fixed: true },
    ];
  }

  /** The cell's buffers by name (reset_after=False has all of them). */
  private cell(c: Call) {
    const [S, RH, DP, scratch, Rh] = c.saved.slice(Recurrent.CELL);
    return { S, RH, DP, scratch, Rh };
  }

  protected override recurrentGradients(c: Call): number {
    return c.saved[Recurrent.CELL];
  }

  protected override biasForward(c: Call, B: number): void {
    c.k.bias_forward(c.saved[1], c.params[2], this.steps * B, 3 * this.units);
  }

  protected override biasBackward(c: Call, B: number): void {
    const GU = 3 * this.units;
    c.k.bias_backward(c.grads[2], c.saved[1], this.steps * B, GU, true);
    if (this.resetAfter) c.k.bias_backward(c.grads[2] + 4 * GU, c.saved[Recurrent.CELL], this.steps * B, GU, true);
  }

  /** R_h, the last units columns of R [U, 3U], copied to a contiguous [U, U]. */
  protected start(c: Call): void {
    if (this.resetAfter) return;
    const U = this.units;
    const { Rh } = this.cell(c);
    for (let row = 0; row < U; row++) c.k.copy(Rh + 4 * row * U, c.params[1] + 4 * (row * 3 * U + 2 * U), U);
  }

  protected stepForward(c: Call, t: number, B: number): void {
    const { k } = c;
    const U = this.units;
    const [, Z, H] = c.saved;
    const s = Recurrent.stride(B, U);
    const g = Recurrent.stride(B, 3 * U);
    const St = c.saved[Recurrent.CELL] + t * g;
    this.recurrentProduct(c, St, H + t * s, B, false);
    if (this.resetAfter) {
      if (this.useBias) k.bias_forward(St, c.params[2] + 4 * 3 * U, B, 3 * U);
      k.gru_step_forward(Z + t * g, St, H + t * s, H + (t + 1) * s, B, U);
      return;
    }
    const { RH, scratch: q, Rh } = this.cell(c);
    k.gru_reset_forward(Z + t * g, St, H + t * s, RH + t * s, B, U);
    k.gemm_nn(q, RH + t * s, Rh, c.work, B, U, U, false);
    k.gru_candidate_forward(Z + t * g, q, H + t * s, H + (t + 1) * s, B, U);
  }

  protected stepBackward(c: Call, t: number, B: number, dhOut: number, dhRec: number): void {
    const { k } = c;
    const U = this.units;
    const [, Z, H, dh] = c.saved;
    const s = Recurrent.stride(B, U);
    const g = Recurrent.stride(B, 3 * U);
    const St = c.saved[Recurrent.CELL] + t * g;
    if (this.resetAfter) {
      k.gru_step_backward(Z + t * g, St, H + t * s, dhOut, dhRec, dh, B, U);
    } else {
      const { DP, scratch: drh, Rh } = this.cell(c);
      k.gru_candidate_backward(Z + t * g, H + t * s, dhOut, dhRec, DP + t * s, dh, B, U);
      k.gemm_nt(drh, DP + t * s, Rh, c.work, B, U, U, false);
      k.gru_reset_backward(Z + t * g, St, H + t * s, drh, dh, B, U);
    }
    if (t > 0) this.recurrentProductT(c, dh, St, B, true); // onto dh·z
  }

  /** reset_after=False: dR_h = Σ_t (r ⊙ h₋₁)ᵀ·dp, formed in the R_h buffer and added into R's h columns. */
  protected override recurrentBackward(c: Call, B: number): void {
    if (this.resetAfter) return;
    const { k } = c;
    const U = this.units;
    const { RH, DP, Rh: dRh } = this.cell(c);
    k.gemm_tn(dRh, RH, DP, c.work, U, this.steps * B, U, false);
    for (let row = 0; row < U; row++)
      k.accumulate_blocks(c.grads[1] + 4 * (row * 3 * U + 2 * U), dRh + 4 * row * U, 1, 0, U);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: 'tanh', recurrentActivation: 'sigmoid', resetAfter: this.resetAfter };
  }
}

layers.register('GRU', (c) => new GRU(c as unknown as GRUArgs), {
  examples: [
    { config: { units: 5, returnSequences: true }, inputShape: [6, 3] },
    { config: { units: 2, goBackwards: true, biasInitializer: 'randomNormal' }, inputShape: [3, 4] },
    { config: { units: 3, resetAfter: false, returnSequences: true }, inputShape: [5, 2] },
  ],
});
