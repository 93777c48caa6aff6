// Parameter initializers with Keras definitions (keras/src/initializers/). Random ones
// draw from the model's counter-based RNG: stream = which parameter, so the values of
// one parameter do not depend on the others or on the order of initialization.
import type { Kernels } from './kernels.js';
import { Registry } from './registry.js';
import { ValueError, quote } from './errors.js';
import { Orthogonal, Identity } from './orthogonal.js';

export { Orthogonal, Identity };

export interface Initializer {
  readonly name: string;
  /** Fills n floats at ptr for a parameter of `shape`. */
  init(k: Kernels, ptr: number, shape: readonly number[], seed: number, stream: number): void;
  getConfig(): Record<string, unknown>;
}

export const initializers = new Registry<(config: Record<string, unknown>) => Initializer>('initializer');

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export class Constant implements Initializer {
  readonly name: string = 'Constant';
  constructor(readonly value = 0) {
    if (!Number.isFinite(value)) throw new ValueError(`Constant: value must be finite, received ${value}`);
  }
  init(k: Kernels, ptr: number, shape: readonly number[]): void {
    k.fill(ptr, size(shape), this.value);
  }
  getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

export class Zeros extends Constant {
  override readonly name = 'Zeros';
  constructor() {
    super(0);
  }
  override getConfig() {
    return {};
  }
}

export class Ones extends Constant {
  override readonly name = 'Ones';
  constructor() {
    super(1);
  }
  override getConfig() {
    return {};
  }
}

export class RandomUniform implements Initializer {
  readonly name = 'RandomUniform';
  constructor(
    readonly minval = -0.05,
    readonly maxval = 0.05,
  ) {
    if (!(minval < maxval))
      throw new ValueError(`RandomUniform: minval must be < maxval, received ${minval}, ${maxval}`);
  }
  init(k: Kernels, ptr: number, shape: readonly number[], seed: number, stream: number): void {
    k.random_uniform(ptr, size(shape), seed, stream, 0, this.minval, this.maxval);
  }
  getConfig() {
    return { minval: this.minval, maxval: this.maxval };
  }
}

export class RandomNormal implements Initializer {
  readonly name: string = 'RandomNormal';
  protected readonly truncate: boolean = false;
  constructor(
    readonly mean = 0,
    readonly stddev = 0.05,
  ) {
    if (!(stddev >= 0)) throw new ValueError(`${this.name}: stddev must be ≥ 0, received ${stddev}`);
  }
  init(k: Kernels, ptr: number, shape: readonly number[], seed: number, stream: number): void {
    k.random_normal(ptr, size(shape), seed, stream, this.mean, this.stddev, this.truncate);
  }
  getConfig() {
    return { mean: this.mean, stddev: this.stddev };
  }
}

/** Normal redrawn beyond two standard deviations. */
export class TruncatedNormal extends RandomNormal {
  override readonly name = 'TruncatedNormal';
  protected override readonly truncate = true;
}

/** Fans of a weight shape, Keras compute_fans: [in, out] for Dense, receptive field × channels for conv. */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptive = size(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

export type Mode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

// Keras: stddev of a normal truncated at ±2σ is 0.87962566103423978·σ, so the
// truncated draw is divided by it to keep the intended variance.
const TRUNCATED_STD = 0.87962566103423978;

/** Keras VarianceScaling: variance scale/n, n from the fans by `mode`. */
export class VarianceScaling implements Initializer {
  readonly name: string = 'VarianceScaling';
  constructor(
    readonly scale = 1,
    readonly mode: Mode = 'fan_in',
    readonly distribution: Distribution = 'truncated_normal',
  ) {
    if (!(scale > 0)) throw new ValueError(`VarianceScaling: scale must be > 0, received ${scale}`);
    if (!['fan_in', 'fan_out', 'fan_avg'].includes(mode))
      throw new ValueError(`VarianceScaling: unknown mode ${quote(mode)}`);
    if (!['truncated_normal', 'untruncated_normal', 'uniform'].includes(distribution)) {
      throw new ValueError(`VarianceScaling: unknown distribution ${quote(distribution)}`);
    }
  }
  init(k: Kernels, ptr: number, shape: readonly number[], seed: number, stream: number): void {
    const { fanIn, fanOut } = computeFans(shape);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, n);
    const count = size(shape);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      k.random_uniform(ptr, count, seed, stream, 0, -limit, limit);
    } else if (this.distribution === 'truncated_normal') {
      k.random_normal(ptr, count, seed, stream, 0, Math.sqrt(variance) / TRUNCATED_STD, true);
    } else {
      k.random_normal(ptr, count, seed, stream, 0, Math.sqrt(variance), false);
    }
  }
  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution };
  }
}

function preset(name: string, scale: number, mode: Mode, distribution: Distribution) {
  return class extends VarianceScaling {
    override readonly name = name;
    constructor() {
      super(scale, mode, distribution);
    }
    override getConfig() {
      return {};
    }
  };
}

export const GlorotUniform = preset('GlorotUniform', 1, 'fan_avg', 'uniform');
export const GlorotNormal = preset('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
export const HeUniform = preset('HeUniform', 2, 'fan_in', 'uniform');
export const HeNormal = preset('HeNormal', 2, 'fan_in', 'truncated_normal');
export const LecunUniform = preset('LecunUniform', 1, 'fan_in', 'uniform');
export const LecunNormal = preset('LecunNormal', 1, 'fan_in', 'truncated_normal');

const num = (c: Record<string, unknown>, key: string, def: number) => (c[key] === undefined ? def : Number(c[key]));
initializers.register('zeros', () => new Zeros());
initializers.register('ones', () => new Ones());
initializers.register('constant', (c) => new Constant(num(c, 'value', 0)));
initializers.register('randomUniform', (c) => new RandomUniform(num(c, 'minval', -0.05), num(c, 'maxval', 0.05)));
initializers.register('randomNormal', (c) => new RandomNormal(num(c, 'mean', 0), num(c, 'stddev', 0.05)));
initializers.register('truncatedNormal', (c) => new TruncatedNormal(num(c, 'mean', 0), num(c, 'stddev', 0.05)));
initializers.register(
  'varianceScaling',
  (c) =>
    new VarianceScaling(
      num(c, 'scale', 1),
      (c.mode as Mode) ?? 'fan_in',
      (c.distribution as Distribution) ?? 'truncated_normal',
    ),
);
initializers.register('glorotUniform', () => new GlorotUniform());
initializers.register('glorotNormal', () => new GlorotNormal());
initializers.register('heUniform', () => new HeUniform());
initializers.register('heNormal', () => new HeNormal());
initializers.register('lecunUniform', () => new LecunUniform());
initializers.register('lecunNormal', () => new LecunNormal());
initializers.register('orthogonal', (c) => new Orthogonal(num(c, 'gain', 1)));
initializers.register('identity', (c) => new Identity(num(c, 'gain', 1)));

export type InitializerLike = string | Initializer | { className: string; config?: Record<string, unknown> };

/** The {className, config} form of an initializer, for getConfig(). */
export function initializerConfig(spec: InitializerLike): { className: string; config: Record<string, unknown> } {
  const init = getInitializer(spec, 'config');
  return { className: init.name, config: init.getConfig() };
}

/** An initializer from a name, a {className, config} object, or an instance. */
export function getInitializer(spec: InitializerLike, what: string): Initializer {
  if (typeof spec === 'string') return initializers.get(spec, what)({});
  if (spec && typeof (spec as Initializer).init === 'function') return spec as Initializer;
  const { className, config } = spec as { className: string; config?: Record<string, unknown> };
  return initializers.get(className, what)(config ?? {});
}
