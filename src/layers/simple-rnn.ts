// SimpleRNN (keras.layers.SimpleRNN): h = tanh(x·W + b + h₋₁·R), kernel [in, units],
// recurrent_kernel [units, units]. The loop is Recurrent's.
import type { Call } from './layer.js';
import { Recurrent, type RecurrentArgs } from './recurrent.js';
import { layers } from './registry.js';

export type SimpleRNNArgs = RecurrentArgs;

export class SimpleRNN extends Recurrent {
  static className = 'SimpleRNN';
  protected readonly gates = 1;

  constructor(args: SimpleRNNArgs) {
    super(args, { activation: ['tanh'] });
  }

  protected start(): void {}

  protected stepForward(c: Call, t: number, B: number): void {
    const U = this.units;
    const [, Z, H] = c.saved;
    const s = Recurrent.stride(B, U);
    const Zt = Z + t * s;
    if (t > 0) this.recurrentProduct(c, Zt, H + t * s, B, true);
    c.k.rnn_step_forward(Zt, H + (t + 1) * s, B, U);
  }

  protected stepBackward(c: Call, t: number, B: number, dhOut: number, dhRec: number): void {
    const U = this.units;
    const [, Z, , dh] = c.saved;
    const Zt = Z + t * Recurrent.stride(B, U);
    c.k.rnn_step_backward(Zt, dhOut, dhRec, B, U);
    if (t > 0) this.recurrentProductT(c, dh, Zt, B, false);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: 'tanh' };
  }
}

layers.register('SimpleRNN', (c) => new SimpleRNN(c as unknown as SimpleRNNArgs), {
  examples: [
    { config: { units: 4, returnSequences: true, goBackwards: true }, inputShape: [6, 2] },
    { config: { units: 3 }, inputShape: [5, 3] },
  ],
});
