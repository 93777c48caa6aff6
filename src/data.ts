// Turning user data into flat float32 matrices, and checking it before any training.
// Accepted: nested arrays (number[][], number[][][] …), or a Tensor {data, shape}
// whose data is a Float32Array (used as is) or any other numeric array (copied).
import { ShapeError, ValueError, fmtShape, quote } from './errors.js';

/** A batch-first tensor: flat row-major data and its shape. */
export interface Tensor {
  data: Float32Array;
  shape: number[];
}

export type TensorLike = { data: ArrayLike<number>; shape: readonly number[] };
export type Input = TensorLike | readonly unknown[];

/** Wraps flat data and a shape into a Tensor, checking that they agree. */
export function tensor(data: ArrayLike<number>, shape: readonly number[]): Tensor {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`tensor: shape must be an array of non-negative integers, received ${quote(shape)}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (!data || typeof data.length !== 'number') {
    throw new ValueError(`tensor: data must be a Float32Array or an array of numbers, received ${typeof data}`);
  }
  if (data.length !== size) {
    throw new ShapeError(`tensor: data has ${data.length} values but shape ${fmtShape(shape)} needs ${size}`);
  }
  return { data: data instanceof Float32Array ? data : Float32Array.from(data), shape: [...shape] };
}

/** A data set as rows: rows × width floats. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  /** Shape of one sample (without the batch dimension). */
  sample: number[];
  width: number;
}

/**
 * Flattens x into rows, checks it is non-empty, rectangular and (unless `finite` is false,
 * for callers that check it in the arena) finite. `what` names it in errors.
 */
export function toMatrix(x: Input, what: string, finite = true): Matrix {
  let data: Float32Array;
  let shape: number[];
  if (x && !Array.isArray(x) && typeof x === 'object' && 'shape' in x && 'data' in x) {
    const t = tensor((x as TensorLike).data, (x as TensorLike).shape);
    data = t.data;
    shape = t.shape;
  } else if (Array.isArray(x)) {
    ({ data, shape } = fromNested(x, what));
  } else if (ArrayBuffer.isView(x)) {
    throw new ValueError(
      `${what}: a bare ${(x as object).constructor.name} has no shape; pass tensor(data, [rows, features]) or ` +
        `nested arrays`,
    );
  } else {
    throw new ValueError(
      `${what}: expected nested arrays or tensor(data, shape), received ${x === null ? 'null' : typeof x}`,
    );
  }
  if (shape.length === 0 || shape[0] === 0)
    throw new ValueError(`${what}: the data set is empty (shape ${fmtShape(shape)})`);
  const sample = shape.length === 1 ? [1] : shape.slice(1);
  const width = sample.reduce((a, b) => a * b, 1);
  if (width === 0) throw new ShapeError(`${what}: samples have no features (shape ${fmtShape(shape)})`);
  if (finite) assertFinite(data, width, what);
  return { data, rows: shape[0], sample, width };
}

function fromNested(x: readonly unknown[], what: string): { data: Float32Array; shape: number[] } {
  const shape: number[] = [];
  for (let v: unknown = x; Array.isArray(v); v = v[0]) shape.push(v.length);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  let at = 0;
  const walk = (v: unknown, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') {
        throw new ValueError(
          `${what}: element ${fmtShape(path)} is ${v === null ? 'null' : typeof v}, expected a number`,
        );
      }
      data[at++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      const got = Array.isArray(v) ? `length ${v.length}` : typeof v;
      throw new ShapeError(
        `${what}: ragged data: row ${fmtShape(path)} has ${got}, expected length ${shape[depth]} like row ` +
          `${fmtShape(path.map(() => 0))}`,
      );
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, [...path, i]);
  };
  for (let i = 0; i < x.length; i++) walk(x[i], 1, [i]);
  return { data, shape };
}

/** Throws a ValueError naming the first non-finite value; `row0` numbers the rows of a slice as in the whole. */
export function assertFinite(data: Float32Array, width: number, what: string, row0 = 0): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      throw new ValueError(
        `${what}: sample ${row0 + Math.floor(i / width)}, feature ${i % width} is ${v}; inputs must be finite`,
      );
    }
  }
}

/** Targets ready for the arena: class indices or a dense (rows × width) matrix. */
export type Targets =
  | { sparse: true; data: Int32Array; rows: number }
  | { sparse: false; data: Float32Array; rows: number };

/**
 * Reads labels for a model whose output is `steps` predictions of `units` values per sample.
 * Class indices ([n], [n, 1], or [n, steps] for a sequence output; units > 1) are accepted
 * where `sparse` allows; otherwise y must have the output's size per sample.
 */
export function toTargets(
  y: Input,
  units: number,
  steps: number,
  sparse: 'no' | 'yes' | 'only',
  what: string,
): Targets {
  const m = toMatrix(y, what);
  const isIndices = m.width === steps && units > 1;
  if (isIndices && sparse !== 'no') {
    const data = new Int32Array(m.data.length);
    for (let i = 0; i < data.length; i++) {
      const c = m.data[i];
      if (!Number.isInteger(c) || c < 0 || c >= units) {
        const where = steps > 1 ? `sample ${Math.floor(i / steps)}, step ${i % steps}` : `${i}`;
        throw new ValueError(`${what}: label ${where} is ${c}; class indices must be integers in [0, ${units - 1}]`);
      }
      data[i] = c;
    }
    return { sparse: true, data, rows: m.rows };
  }
  if (sparse === 'only') {
    throw new ShapeError(
      `${what}: sparseCategoricalCrossentropy takes class indices of shape ${indexShape(steps)}, received samples of ` +
        `shape ${fmtShape(m.sample)}; use categoricalCrossentropy for one-hot labels`,
    );
  }
  if (m.width !== units * steps) {
    throw new ShapeError(
      `${what}: expected targets of shape [n, ${steps > 1 ? `${steps}, ` : ''}${units}] to match ` +
        'the model output, received ' +
        `${fmtShape([m.rows, ...m.sample])}`,
    );
  }
  return { sparse: false, data: m.data, rows: m.rows };
}

const indexShape = (steps: number) => (steps > 1 ? `[n, ${steps}]` : '[n] or [n, 1]');

/** Dense one-hot rows from class indices (for losses that need dense targets). */
export function oneHot(labels: Int32Array, units: number): Float32Array {
  const out = new Float32Array(labels.length * units);
  labels.forEach((c, i) => (out[i * units + c] = 1));
  return out;
}

/**
 * x checked and converted once, then any selection of its rows (repeats allowed) as a tensor of
 * the same sample shape: `take(idx)`.
 */
export function rowSource(x: Input, what: string): { rows: number; take(idx: ArrayLike<number>): Tensor } {
  const m = toMatrix(x, what);
  const shape = (x as Tensor).shape;
  const sample = Array.isArray(shape) ? shape.slice(1) : m.sample;
  const take = (idx: ArrayLike<number>) => {
    const out = new Float32Array(idx.length * m.width);
    for (let i = 0; i < idx.length; i++)
      out.set(m.data.subarray(idx[i] * m.width, (idx[i] + 1) * m.width), i * m.width);
    return tensor(out, [idx.length, ...sample]);
  };
  return { rows: m.rows, take };
}

/** Share of rows whose largest value of `probs` [n, k] sits at the row's label. */
export function argmaxAccuracy(probs: Tensor, labels: ArrayLike<number>): number {
  const k = probs.shape.at(-1)!;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = probs.data.subarray(i * k, (i + 1) * k);
    if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
  }
  return correct / labels.length;
}
