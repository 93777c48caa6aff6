// Conv2D (Keras): y = activation(conv(x, W) + b) on NHWC images, kernel [kh, kw, in, filters].
// The computation is Conv's (conv.ts): im2col rows and one GEMM each way.
import type { LayerArgs } from './layer.js';
import { ValueError } from '../errors.js';
import type { AffineArgs } from './affine.js';
import { Conv } from './conv.js';
import { channelsLast, geometry, padding, pair, type Geometry, type Padding, type Pair } from './geometry.js';
import { layers } from './registry.js';

export interface Conv2DArgs extends LayerArgs, AffineArgs {
  /** Number of output channels. */
  filters: number;
  /** Window height and width, or one number for both. */
  kernelSize: number | Pair;
  /** Default 1. */
  strides?: number | Pair;
  /** 'valid' (default) or 'same' (TensorFlow's: the odd pixel of padding goes after). */
  padding?: Padding;
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: string;
  /** Default 1; above 1 only with strides 1 (Keras). */
  dilationRate?: number | Pair;
}

export class Conv2D extends Conv {
  static className = 'Conv2D';
  readonly kernelSize: Pair;
  readonly strides: Pair;
  readonly padding: Padding;
  readonly dilationRate: Pair;

  constructor(args: Conv2DArgs) {
    super(args);
    const what = `Conv2D(${this.name})`;
    this.kernelSize = pair(args.kernelSize, `${what}: kernelSize`);
    this.strides = pair(args.strides ?? 1, `${what}: strides`);
    this.dilationRate = pair(args.dilationRate ?? 1, `${what}: dilationRate`);
    if (this.dilationRate.some((d) => d > 1) && this.strides.some((s) => s > 1))
      throw new ValueError(`${what}: dilationRate > 1 needs strides 1 (Keras), received strides ${this.strides}`);
    this.padding = padding(args.padding, `${what}: padding`);
    channelsLast(args.dataFormat, `${what}: dataFormat`);
  }

  protected geometryOf(inputShape: number[]): Geometry {
    return geometry(inputShape, this.kernelSize, this.strides, this.dilationRate, this.padding, `Conv2D(${this.name})`);
  }

  protected kernelShape(C: number): number[] {
    return [...this.kernelSize, C, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...this.baseConfig(),
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      ...this.affineConfig(),
    };
  }
}

layers.register('Conv2D', (c) => new Conv2D(c as unknown as Conv2DArgs), {
  // [9, 9, 2] at 3×3: 49 pixels a sample, so a 64-row chunk sums 3,136 im2col rows in dW.
  examples: [
    { config: { filters: 3, kernelSize: 3, activation: 'relu' }, inputShape: [9, 9, 2] },
    { config: { filters: 2, kernelSize: [2, 3], strides: 2, padding: 'same' }, inputShape: [5, 7, 3] },
    { config: { filters: 4, kernelSize: 1, kernelRegularizer: 'l2' }, inputShape: [3, 3, 5] },
    // 144 × 72 floats of rows a sample, past what forward keeps: built 6 samples at a time.
    { config: { filters: 3, kernelSize: 3, activation: 'tanh' }, inputShape: [14, 14, 8] },
  ],
});
