const KINDS = Symbol.for('simdnet.error.kinds');

/**
 * Every error simdnet throws on purpose is a SimdnetError; the subclass says what
 * went wrong and `message` names the argument and what was received.
 */
export class SimdnetError extends Error {
  override name = 'SimdnetError';
  /** The class's name, kept through minification: what `instanceof` matches across entries. */
  static readonly kind: string = 'SimdnetError';

  constructor(message: string) {
    super(message);
    const kinds: string[] = [];
    for (let c = new.target; c && Object.hasOwn(c, 'kind'); c = Object.getPrototypeOf(c)) kinds.push(c.kind);
    Object.defineProperty(this, KINDS, { value: kinds });
  }

  // simdnet and simdnet/infer are separate bundles with their own copies of these classes:
  // an error from either is an instance of the same-named class of the other.
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [KINDS]?: unknown } | null)?.[KINDS];
    return Array.isArray(kinds) && kinds.includes((this as typeof SimdnetError).kind);
  }
}

/** A tensor or data set has the wrong shape or length (ragged rows, x/y mismatch, …). */
export class ShapeError extends SimdnetError {
  override name = 'ShapeError';
  static override readonly kind: string = 'ShapeError';
}

/** A value is not allowed: NaN/Infinity in data, a label out of range, a bad option. */
export class ValueError extends SimdnetError {
  override name = 'ValueError';
  static override readonly kind: string = 'ValueError';
}

/** A name (activation, loss, …) that no registry knows; lists the known names. */
export class UnknownNameError extends SimdnetError {
  override name = 'UnknownNameError';
  static override readonly kind: string = 'UnknownNameError';
}

/** The model is not in a state that allows the call (fit before compile, fit during fit). */
export class StateError extends SimdnetError {
  override name = 'StateError';
  static override readonly kind: string = 'StateError';
}

/** A failure during a training step: names the epoch and batch; no update of it was applied. */
export class StepError extends SimdnetError {
  override name = 'StepError';
  static override readonly kind: string = 'StepError';
  constructor(
    message: string,
    readonly epoch: number,
    readonly batch: number,
  ) {
    super(message);
  }
}

/** The loss or gradients became non-finite; the weights are those of the last finite step. */
export class DivergenceError extends StepError {
  override name = 'DivergenceError';
  static override readonly kind: string = 'DivergenceError';
}

/** A model or batch would not fit in the WebAssembly memory; raised before allocating. */
export class MemoryLimitError extends SimdnetError {
  override name = 'MemoryLimitError';
  static override readonly kind: string = 'MemoryLimitError';
}

/** A data file cannot be read or parsed (IDX header, gzip, size). */
export class FormatError extends SimdnetError {
  override name = 'FormatError';
  static override readonly kind: string = 'FormatError';
}

/** Shape as text for messages: [32, 785]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A saved model file or byte buffer that cannot be loaded; `reason` says which check failed. */
export class ModelFileError extends FormatError {
  override name = 'ModelFileError';
  static override readonly kind: string = 'ModelFileError';
  constructor(
    message: string,
    readonly reason:
      | 'truncated'
      | 'magic'
      | 'version'
      | 'checksum'
      | 'config'
      | 'shape'
      | 'nonfinite'
      | 'html'
      | 'size',
  ) {
    super(message);
  }
}

/** Reading or writing a file failed (unwritable path, missing file). */
export class IOError extends SimdnetError {
  override name = 'IOError';
  static override readonly kind: string = 'IOError';
}

/** A worker failed (threw, trapped, exited, ran out of memory, timed out) during a step. */
export class WorkerError extends StepError {
  override name = 'WorkerError';
  static override readonly kind: string = 'WorkerError';
}

/** fit was stopped through its AbortSignal; the weights are those of the last completed step. */
export class AbortedError extends SimdnetError {
  override name = 'AbortedError';
  static override readonly kind: string = 'AbortedError';
}

const QUOTE_MAX = 100;

/**
 * A received value for a message: JSON where it can be, cut to ~100 characters so hostile input is not echoed whole.
 */
export function quote(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value.length > QUOTE_MAX ? value.slice(0, QUOTE_MAX) : value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null)
    text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}… (${text.length} characters)` : text;
}
