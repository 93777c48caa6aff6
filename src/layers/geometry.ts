// Window geometry shared by Conv2D and the 2-D poolings: argument checks for sizes given as
// one number or a pair, and TensorFlow's output size and padding rule.
import { ShapeError, ValueError, fmtShape, quote } from '../errors.js';

export type Padding = 'valid' | 'same';
const I32_MAX = 2 ** 31 - 1;
/** Conv1D also pads causally: (kernel − 1)·dilation zeros before, none after (Keras). */
export type Padding1D = Padding | 'causal';
export type Pair = [number, number];

/** What every 2-D window kernel takes: input, window, stride, dilation, padding before, output. */
export interface Geometry {
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  SH: number;
  SW: number;
  DH: number;
  DW: number;
  PT: number;
  PL: number;
  OH: number;
  OW: number;
}

/** A positive integer or a pair of them, as a pair (Keras accepts both). */
export function pair(value: unknown, what: string): Pair {
  const v = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValueError(`${what}: expected a positive integer or a pair of them, received ${quote(value)}`);
  }
  return [v[0], v[1]];
}

export function padding(value: unknown, what: string): Padding {
  if (value === undefined) return 'valid';
  if (value !== 'valid' && value !== 'same')
    throw new ValueError(`${what}: expected 'valid' or 'same', received ${quote(value)}`);
  return value;
}

export function padding1d(value: unknown, what: string): Padding1D {
  if (value === 'causal') return value;
  if (value !== undefined && value !== 'valid' && value !== 'same')
    throw new ValueError(`${what}: expected 'valid', 'same' or 'causal', received ${quote(value)}`);
  return value ?? 'valid';
}

/** A positive integer, or a list of one (tfjs writes 1-D sizes as [n]). */
export function single(value: unknown, what: string): number {
  const v = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (!Number.isInteger(v) || (v as number) <= 0)
    throw new ValueError(`${what}: expected a positive integer, received ${quote(value)}`);
  return v as number;
}

/** Keras data_format: only channels-last (NHWC) is implemented. */
export function channelsLast(value: unknown, what: string): void {
  if (value !== undefined && value !== null && value !== 'channelsLast' && value !== 'channels_last')
    throw new ValueError(`${what}: only 'channelsLast' (NHWC) is supported, received ${quote(value)}`);
}

/** Checks an input of [h, w, c]. */
export function imageShape(inputShape: number[], what: string): [number, number, number] {
  if (inputShape.length !== 3)
    throw new ShapeError(
      `${what}: expected input [batch, height, width, channels], received ` +
        fmtShape(['batch' as never, ...inputShape]),
    );
  return inputShape as [number, number, number];
}

/**
 * Output size and padding along one axis, as TensorFlow: 'same' gives ceil(in / stride)
 * with total padding max((out − 1)·stride + span − in, 0), the smaller half before;
 * 'valid' gives floor((in − span) / stride) + 1 and needs in ≥ span.
 */
function axis(size: number, k: number, s: number, d: number, pad: Padding, what: string): [number, number] {
  const span = (k - 1) * d + 1;
  // The kernels take i32 sizes: a window (with its padding) past 2³¹ − 1 would wrap around.
  if (span + size > I32_MAX || s > I32_MAX)
    throw new ValueError(`${what}: a window of ${span} (size × dilation) over ${size} exceeds 2³¹ − 1`);
  if (pad === 'same') {
    const out = Math.ceil(size / s);
    return [out, Math.floor(Math.max((out - 1) * s + span - size, 0) / 2)];
  }
  if (size < span)
    throw new ShapeError(`${what}: a window of ${span} does not fit an input of ${size} with padding 'valid'`);
  return [Math.floor((size - span) / s) + 1, 0];
}

/** A sequence [steps, channels] as an image of one row: the 2-D kernels serve 1-D layers. */
export function geometry1d(shape: number[], k: number, s: number, d: number, pad: Padding1D, what: string): Geometry {
  if (shape.length !== 2)
    throw new ShapeError(
      `${what}: expected input [batch, steps, channels], received ${fmtShape(['batch' as never, ...shape])}`,
    );
  const [steps, C] = shape;
  const causal = pad === 'causal' ? (k - 1) * d : 0;
  const [OW, PL] = axis(steps + causal, k, s, d, pad === 'causal' ? 'valid' : pad, what);
  return { H: 1, W: steps, C, KH: 1, KW: k, SH: 1, SW: s, DH: 1, DW: d, PT: 0, PL: PL + causal, OH: 1, OW };
}

export function geometry(shape: number[], k: Pair, s: Pair, d: Pair, pad: Padding, what: string): Geometry {
  const [H, W, C] = imageShape(shape, what);
  const [OH, PT] = axis(H, k[0], s[0], d[0], pad, what);
  const [OW, PL] = axis(W, k[1], s[1], d[1], pad, what);
  return { H, W, C, KH: k[0], KW: k[1], SH: s[0], SW: s[1], DH: d[0], DW: d[1], PT, PL, OH, OW };
}
