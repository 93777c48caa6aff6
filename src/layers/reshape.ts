// Flatten and Reshape: a row-major sample keeps its values in the same order, so forward
// and backward are copies and only the shape the next layer sees changes.
import { Layer, type LayerArgs, type Call } from './layer.js';
import { ShapeError, ValueError, fmtShape, quote } from '../errors.js';
import { channelsLast } from './geometry.js';
import { layers } from './registry.js';

abstract class Relabel extends Layer {
  forward(c: Call, x: number, y: number, rows: number): void {
    c.k.copy(y, x, rows * this.inputSize);
  }

  backward(c: Call, dy: number, dx: number, _x: number, _y: number, rows: number): void {
    if (dx) c.k.copy(dx, dy, rows * this.inputSize);
  }
}

export class Flatten extends Relabel {
  static className = 'Flatten';
  constructor(args: LayerArgs & { dataFormat?: string } = {}) {
    super(args);
    channelsLast(args.dataFormat, `Flatten(${this.name}): dataFormat`);
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [inputShape.reduce((a, b) => a * b, 1)];
  }
}

export interface ReshapeArgs extends LayerArgs {
  /** The sample shape to produce; one entry may be -1, inferred from the others (Keras). */
  targetShape: number[];
}

export class Reshape extends Relabel {
  static className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    super(args);
    const t = args?.targetShape;
    const ok =
      Array.isArray(t) &&
      t.length > 0 &&
      t.every((d) => d === -1 || (Number.isInteger(d) && d > 0)) &&
      t.filter((d) => d === -1).length <= 1;
    if (!ok)
      throw new ValueError(
        `Reshape(${this.name}): targetShape must be positive integers with at most one -1, received ${quote(t)}`,
      );
    this.targetShape = [...t];
  }

  computeOutputShape(inputShape: number[]): number[] {
    const size = inputShape.reduce((a, b) => a * b, 1);
    const known = this.targetShape.reduce((a, b) => (b === -1 ? a : a * b), 1);
    const out = this.targetShape.map((d) => (d === -1 ? size / known : d));
    if (!Number.isInteger(size / known) || out.reduce((a, b) => a * b, 1) !== size)
      throw new ShapeError(
        `Reshape(${this.name}): cannot reshape ${fmtShape(inputShape)} (${size} values) to ` +
          fmtShape(this.targetShape),
      );
    return out;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}

layers.register('Flatten', (c) => new Flatten(c), { examples: [{ config: {}, inputShape: [3, 4, 2] }] });
layers.register('Reshape', (c) => new Reshape(c as unknown as ReshapeArgs), {
  examples: [{ config: { targetShape: [-1, 4] }, inputShape: [12] }],
});
