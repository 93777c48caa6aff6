// Dropout (Srivastava et al. 2014), inverted: while training each input is zeroed with
// probability `rate` and the kept ones are scaled by 1/(1 − rate); at inference the layer
// is the identity. That is the weight-scaling inference rule with the scaling moved into
// training. Masks come from the model's counter-based RNG keyed by (seed, layer, step, row).
import { Layer, type LayerArgs, type Call, type Saved } from './layer.js';
import { ValueError, quote } from '../errors.js';
import { layers } from './registry.js';

export interface DropoutArgs extends LayerArgs {
  /** Fraction of inputs dropped, in [0, 1). */
  rate: number;
  /** Keras noise_shape for [batch, features] inputs: a 1 shares one draw along that axis, e.g. [1, null]. */
  noiseShape?: (number | null)[];
  /** Seed of this layer's masks; default the model's seed. */
  seed?: number;
}

export const DROPOUT_STREAM = 0x20000000;

export class Dropout extends Layer {
  static className = 'Dropout';
  readonly rate: number;
  readonly noiseShape?: (number | null)[];
  readonly seed?: number;

  constructor(args: DropoutArgs) {
    super(args);
    const rate = args?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new ValueError(`Dropout(${this.name}): rate must be in [0, 1), received ${quote(rate)}`);
    }
    this.rate = rate;
    if (args.noiseShape !== undefined) {
      const ok =
        Array.isArray(args.noiseShape) &&
        args.noiseShape.length === 2 &&
        args.noiseShape.every((d) => d === null || d === 1 || (Number.isInteger(d) && d > 0));
      if (!ok)
        throw new ValueError(
          `Dropout(${this.name}): noiseShape must be [batch | 1 | null, features | 1 | null], received ` +
            `${quote(args.noiseShape)}`,
        );
      this.noiseShape = [...args.noiseShape];
    }
    if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0 || args.seed > 0xffffffff)) {
      throw new ValueError(`Dropout(${this.name}): seed must be an integer in [0, 2^32), received ${quote(args.seed)}`);
    }
    this.seed = args.seed;
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape];
  }

  override saved(): Saved[] {
    return [{ name: 'mask', perRow: this.outputSize }];
  }

  forward(c: Call, x: number, y: number, rows: number, training: boolean): void {
    const n = rows * this.outputSize;
    if (!training || this.rate === 0) {
      c.k.linear_forward(y, x, n, 0);
      return;
    }
    const [shareRows, shareCols] = this.noiseShape ?? [null, null];
    const stream = DROPOUT_STREAM + c.index;
    c.k.dropout_forward(
      y,
      c.saved[0],
      x,
      rows,
      this.outputSize,
      this.rate,
      this.seed ?? c.seed,
      stream,
      c.step,
      c.row0,
      shareRows === 1,
      shareCols === 1,
    );
  }

  // Backward only ever follows a training forward, where the mask was drawn unless rate is 0.
  backward(c: Call, dy: number, dx: number, _x: number, _y: number, rows: number): void {
    if (!dx) return;
    const n = rows * this.outputSize;
    if (this.rate > 0) c.k.dropout_backward(dx, dy, c.saved[0], n);
    else c.k.linear_backward(dx, dy, 0, 0, n, 0);
  }

  override getConfig(): Record<string, unknown> {
    const c: Record<string, unknown> = { ...super.getConfig(), rate: this.rate };
    if (this.noiseShape) c.noiseShape = this.noiseShape;
    if (this.seed !== undefined) c.seed = this.seed;
    return c;
  }
}

layers.register('Dropout', (c) => new Dropout(c as unknown as DropoutArgs), {
  examples: [
    { config: { rate: 0.3 }, inputShape: [9] },
    { config: { rate: 0.5, noiseShape: [1, null] }, inputShape: [4] },
  ],
});
