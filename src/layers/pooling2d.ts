// MaxPooling2D and AveragePooling2D (Keras), and their global forms, on NHWC images
// (pooling.ts). strides default to poolSize; 'same' padding never enters a max or a mean.
import type { LayerArgs } from './layer.js';
import { Pooling, GlobalPooling } from './pooling.js';
import { channelsLast, geometry, padding, pair, type Geometry, type Padding, type Pair } from './geometry.js';
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

  protected geometryOf(inputShape: number[]): Geometry {
    const what = `${this.className}(${this.name})`;
    return geometry(inputShape, this.poolSize, this.strides, [1, 1], this.padding, what);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

abstract class GlobalPooling2D extends GlobalPooling {
  protected readonly rank = 3;
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
