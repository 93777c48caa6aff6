// MaxPooling1D, AveragePooling1D and their global forms (Keras) over sequences [steps,
// channels]: the 2-D pooling kernels on an image one row high (pooling.ts).
import type { LayerArgs } from './layer.js';
import { Pooling, GlobalPooling } from './pooling.js';
import { channelsLast, geometry1d, padding, single, type Geometry, type Padding } from './geometry.js';
import { layers } from './registry.js';

export interface Pooling1DArgs extends LayerArgs {
  /** Window width; default 2. */
  poolSize?: number;
  /** Default poolSize. */
  strides?: number | null;
  /** 'valid' (default) or 'same'. */
  padding?: Padding;
  /** Only 'channelsLast' (NWC). */
  dataFormat?: string;
}

abstract class Pooling1D extends Pooling {
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: Padding;

  constructor(args: Pooling1DArgs = {}) {
    super(args);
    const what = `${this.className}(${this.name})`;
    this.poolSize = single(args.poolSize ?? 2, `${what}: poolSize`);
    this.strides = single(args.strides ?? this.poolSize, `${what}: strides`);
    this.padding = padding(args.padding, `${what}: padding`);
    channelsLast(args.dataFormat, `${what}: dataFormat`);
  }

  protected geometryOf(inputShape: number[]): Geometry {
    const what = `${this.className}(${this.name})`;
    return geometry1d(inputShape, this.poolSize, this.strides, 1, this.padding, what);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

abstract class GlobalPooling1D extends GlobalPooling {
  protected readonly rank = 2;
}

export class MaxPooling1D extends Pooling1D {
  static className = 'MaxPooling1D';
  protected readonly max = true;
}

export class AveragePooling1D extends Pooling1D {
  static className = 'AveragePooling1D';
  protected readonly max = false;
}

export class GlobalMaxPooling1D extends GlobalPooling1D {
  static className = 'GlobalMaxPooling1D';
  protected readonly max = true;
}

export class GlobalAveragePooling1D extends GlobalPooling1D {
  static className = 'GlobalAveragePooling1D';
  protected readonly max = false;
}

// [9, 5] at 3 / 2 'same': the last window holds one step.
const pooled = [
  { config: {}, inputShape: [8, 3] },
  { config: { poolSize: 3, strides: 2, padding: 'same' }, inputShape: [9, 5] },
];
const global = [{ config: {}, inputShape: [7, 6] }];
layers.register('MaxPooling1D', (c) => new MaxPooling1D(c as Pooling1DArgs), { examples: pooled });
layers.register('AveragePooling1D', (c) => new AveragePooling1D(c as Pooling1DArgs), { examples: pooled });
layers.register('GlobalMaxPooling1D', (c) => new GlobalMaxPooling1D(c), { examples: global });
layers.register('GlobalAveragePooling1D', (c) => new GlobalAveragePooling1D(c), { examples: global });
