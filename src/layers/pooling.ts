// What every pooling layer shares (assembly/pool.ts): a subclass says how its input maps onto
// the 2-D window geometry (a sequence is an image one row high; a global pooling's window is
// the whole input), and this class computes, shapes and differentiates it.
import { Layer, type LayerArgs, type Call, type Saved } from './layer.js';
import { channelsLast, type Geometry } from './geometry.js';
import { ShapeError, fmtShape } from '../errors.js';

export abstract class Pooling extends Layer {
  protected g!: Geometry;
  protected abstract readonly max: boolean;
  /** Whether the window is the whole input (output [channels]). */
  protected readonly global: boolean = false;

  /** The window geometry for samples of `inputShape` (errors name the layer). */
  protected abstract geometryOf(inputShape: number[]): Geometry;

  computeOutputShape(inputShape: number[]): number[] {
    const g = this.geometryOf(inputShape);
    if (this.global) return [g.C];
    return inputShape.length === 2 ? [g.OW, g.C] : [g.OH, g.OW, g.C];
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.g = this.geometryOf(inputShape);
  }

  override saved(): Saved[] {
    return this.max ? [{ name: 'arg-max offsets', perRow: this.outputSize }] : [];
  }

  forward(c: Call, x: number, y: number, rows: number): void {
    const { H, W, C, KH, KW, SH, SW, PT, PL, OH, OW } = this.g;
    if (this.max) c.k.max_pool_forward(y, c.saved[0], x, rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
    else c.k.avg_pool_forward(y, x, rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
  }

  backward(c: Call, dy: number, dx: number, _x: number, _y: number, rows: number): void {
    if (!dx) return;
    const { H, W, C, KH, KW, SH, SW, PT, PL, OH, OW } = this.g;
    if (this.max) c.k.max_pool_backward(dx, dy, c.saved[0], rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
    else c.k.avg_pool_backward(dx, dy, rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
  }
}

/** A pooling over the whole input: [steps, c] (rank 2) or [h, w, c] (rank 3) → [c]. */
export abstract class GlobalPooling extends Pooling {
  protected override readonly global = true;
  protected abstract readonly rank: 2 | 3;

  constructor(args: LayerArgs & { dataFormat?: string } = {}) {
    super(args);
    channelsLast(args.dataFormat, `${this.className}(${this.name}): dataFormat`);
  }

  protected geometryOf(inputShape: number[]): Geometry {
    if (inputShape.length !== this.rank) {
      const axes = this.rank === 2 ? 'steps, channels' : 'height, width, channels';
      throw new ShapeError(
        `${this.className}(${this.name}): expected input [batch, ${axes}], received ` +
          fmtShape(['batch' as never, ...inputShape]),
      );
    }
    const [H, W, C] = this.rank === 2 ? [1, ...inputShape] : inputShape;
    return { H, W, C, KH: H, KW: W, SH: 1, SW: 1, DH: 1, DW: 1, PT: 0, PL: 0, OH: 1, OW: 1 };
  }
}
