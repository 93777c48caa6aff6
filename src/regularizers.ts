// Weight and activity regularizers, Keras definitions (keras/src/regularizers/):
// penalty l1·Σ|w| + l2·Σw², gradient l1·sign(w) + 2·l2·w, sign(0) = 0.
// Defaults as Keras 3: l1() and l2() use 0.01; L1L2 / 'l1_l2' default to 0 and 0.
import { Registry } from './registry.js';
import { ValueError, quote } from './errors.js';

export class L1L2 {
  static className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: { l1?: number; l2?: number } = {}) {
    this.l1 = args.l1 ?? 0;
    this.l2 = args.l2 ?? 0;
    for (const [name, v] of [
      ['l1', this.l1],
      ['l2', this.l2],
    ] as const) {
      if (!(v >= 0) || !Number.isFinite(v))
        throw new ValueError(`regularizer: ${name} must be a finite number ≥ 0, received ${quote(v)}`);
    }
  }
  get className(): string {
    return 'L1L2';
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** L1 penalty l1·Σ|w| (default 0.01). */
export const l1 = (args: { l1?: number } = {}) => new L1L2({ l1: args.l1 ?? 0.01 });
/** L2 penalty l2·Σw² (default 0.01). */
export const l2 = (args: { l2?: number } = {}) => new L1L2({ l2: args.l2 ?? 0.01 });
/** Both penalties (defaults 0 and 0, as keras.regularizers.L1L2). */
export const l1l2 = (args: { l1?: number; l2?: number } = {}) => new L1L2(args);

export const regularizers = new Registry<(config: Record<string, unknown>) => L1L2>('regularizer');
regularizers.register('l1', (c) => l1(c as { l1?: number }));
regularizers.register('l2', (c) => l2(c as { l2?: number }));
regularizers.register('l1_l2', (c) => l1l2(c as { l1?: number; l2?: number }));
regularizers.register('L1L2', (c) => l1l2(c as { l1?: number; l2?: number }));

export type RegularizerLike = string | L1L2 | { className: string; config?: Record<string, unknown> };

export function getRegularizer(spec: RegularizerLike | undefined, what: string): L1L2 | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (spec instanceof L1L2) return spec;
  if (typeof spec === 'string') return regularizers.get(spec, what)({});
  return regularizers.get(spec.className, what)(spec.config ?? {});
}

/** Config form for getConfig(). */
export function regularizerConfig(r: L1L2 | undefined): unknown {
  return r ? { className: 'L1L2', config: r.getConfig() } : null;
}
