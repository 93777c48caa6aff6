// Conv1D (Keras): y = activation(conv(x, W) + b) over sequences [steps, channels] (NWC),
// kernel [width, in, filters]. A sequence is an image one row high, so Conv's im2col rows
// and GEMMs serve it unchanged; 'causal' pads (width − 1)·dilation steps before and none
// after, so output t sees inputs ≤ t (the convolution of a gated convolutional network).
import type { LayerArgs } from './layer.js';
import type { AffineArgs } from './affine.js';
import { Conv } from './conv.js';
import { channelsLast, geometry1d, padding1d, single, type Geometry, type Padding1D } from './geometry.js';
import { ValueError } from '../errors.js';
import { layers } from './registry.js';

export interface Conv1DArgs extends LayerArgs, AffineArgs {
  /** Number of output channels. */
  filters: number;
  /** Window width. */
  kernelSize: number;
  /** Default 1. */
  strides?: number;
  /** 'valid' (default), 'same' or 'causal'. */
  padding?: Padding1D;
  /** Only 'channelsLast' (NWC). */
  dataFormat?: string;
  /** Default 1; above 1 only with strides 1 (Keras). */
  dilationRate?: number;
}

export class Conv1D extends Conv {
  static className = 'Conv1D';
  /**
   * Sequence models train on small batches (32, 64) of long samples: chunks of 16 rows let two
   * threads share such a batch, and a chunk still gives the GEMM 16 × steps rows.
   */
  override readonly maxChunkRows = 16;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: Padding1D;
  readonly dilationRate: number;

  constructor(args: Conv1DArgs) {
    super(args);
    const what = `Conv1D(${this.name})`;
    this.kernelSize = single(args.kernelSize, `${what}: kernelSize`);
    this.strides = single(args.strides ?? 1, `${what}: strides`);
    this.dilationRate = single(args.dilationRate ?? 1, `${what}: dilationRate`);
    if (this.dilationRate > 1 && this.strides > 1)
      throw new ValueError(`${what}: dilationRate > 1 needs strides 1 (Keras), received strides ${this.strides}`);
    this.padding = padding1d(args.padding, `${what}: padding`);
    channelsLast(args.dataFormat, `${what}: dataFormat`);
  }

  protected geometryOf(inputShape: number[]): Geometry {
    const what = `Conv1D(${this.name})`;
    return geometry1d(inputShape, this.kernelSize, this.strides, this.dilationRate, this.padding, what);
  }

  protected kernelShape(C: number): number[] {
    return [this.kernelSize, C, this.filters];
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

layers.register('Conv1D', (c) => new Conv1D(c as unknown as Conv1DArgs), {
  examples: [
    {
      config: { filters: 4, kernelSize: 3, padding: 'causal', dilationRate: 2, activation: 'tanh' },
      inputShape: [9, 3],
    },
    { config: { filters: 2, kernelSize: 2, strides: 2, padding: 'same' }, inputShape: [7, 5] },
  ],
});
