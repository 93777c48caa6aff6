// MaxPooling2D and AveragePooling2D (Keras), and their global forms, on NHWC images
// (assembly/pool.ts). strides default to poolSize; 'same' padding never enters a max or a
// mean. A global pooling is the window of the whole image, output [channels].
import { Layer, type LayerArgs, type Call, type Saved } from './layer.js';
import {
  channelsLast,
  geometry,
  imageShape,
  padding,
  pair,
  type Geometry,
  type Padding,
  type Pair,
} from './geometry.js';
import { layers } from './registry.js';

export interface Pooling2DArgs extends LayerArgs {
  /** Window height and width, or one number for both; default 2. */
  poolSize?: number | Pair;
  /** Default poolSize. */
  strides?: number | Pair | null;
  /** 'valid' (default) or 'same'. */
  padding?: Padding;
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: string;
}

/** The computation every pooling layer shares; a subclass sets `g` in build(). */
export abstract class Pooling extends Layer {
  protected g!: Geometry;
  protected abstract readonly max: boolean;

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
    if (this.max) c.k.max_pool_backward(dx, dy, c.saved[0], rows, H, W, C, this.outputSize);
    else c.k.avg_pool_backward(dx, dy, rows, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW);
  }
}

abstract class Pooling2D extends Pooling {
  readonly poolSize: Pair;
  readonly strides: Pair;
  readonly padding: Padding;

  constructor(args: Pooling2DArgs = {}) {
    super(args);
    const what = `${this.className}(${this.name})`;
    this.poolSize = pair(args.poolSize ?? 2, `${what}: poolSize`);
    this.strides = pair(args.strides ?? this.poolSize, `${what}: strides`);
    this.padding = padding(args.padding, `${what}: padding`);
    channelsLast(args.dataFormat, `${what}: dataFormat`);
  }

  private geometryOf(inputShape: number[]): Geometry {
    const what = `${this.className}(${this.name})`;
    return geometry(inputShape, this.poolSize, this.strides, [1, 1], this.padding, what);
  }

  computeOutputShape(inputShape: number[]): number[] {
    const g = this.geometryOf(inputShape);
    return [g.OH, g.OW, g.C];
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    this.g = this.geometryOf(inputShape);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

abstract class GlobalPooling2D extends Pooling {
  constructor(args: LayerArgs & { dataFormat?: string } = {}) {
    super(args);
    channelsLast(args.dataFormat, `${this.className}(${this.name}): dataFormat`);
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [imageShape(inputShape, `${this.className}(${this.name})`)[2]];
  }

  override build(inputShape: number[]): void {
    super.build(inputShape);
    const [H, W, C] = inputShape;
    this.g = { H, W, C, KH: H, KW: W, SH: 1, SW: 1, DH: 1, DW: 1, PT: 0, PL: 0, OH: 1, OW: 1 };
  }
}

export class MaxPooling2D extends Pooling2D {
  static className = 'MaxPooling2D';
  protected readonly max = true;
}

export class AveragePooling2D extends Pooling2D {
  static className = 'AveragePooling2D';
  protected readonly max = false;
}

export class GlobalMaxPooling2D extends GlobalPooling2D {
  static className = 'GlobalMaxPooling2D';
  protected readonly max = true;
}

export class GlobalAveragePooling2D extends GlobalPooling2D {
  static className = 'GlobalAveragePooling2D';
  protected readonly max = false;
}

// [7, 7, 5] at 2×2 'same': the last row and column are windows of one pixel.
const pooled = [
  { config: {}, inputShape: [6, 6, 3] },
  { config: { poolSize: 3, strides: 2, padding: 'same' }, inputShape: [7, 7, 5] },
];
const global = [{ config: {}, inputShape: [4, 5, 6] }];
layers.register('MaxPooling2D', (c) => new MaxPooling2D(c as Pooling2DArgs), { examples: pooled });
layers.register('AveragePooling2D', (c) => new AveragePooling2D(c as Pooling2DArgs), { examples: pooled });
layers.register('GlobalMaxPooling2D', (c) => new GlobalMaxPooling2D(c), { examples: global });
layers.register('GlobalAveragePooling2D', (c) => new GlobalAveragePooling2D(c), { examples: global });
