// Text as token ids for Embedding layers, and text generation from a trained character
// language model. Id 0 is reserved: padding, and any character the vocabulary lacks.
import type { Sequential } from './model.js';
import { tensor } from './data.js';
import { uniforms, SAMPLE_STREAM } from './random.js';
import { ValueError, quote } from './errors.js';

/** A character vocabulary: id i + 1 is chars[i]; id 0 is padding / unknown. */
export class CharVocab {
  private readonly ids: Map<string, number>;

  constructor(readonly chars: readonly string[]) {
    if (!Array.isArray(chars) || chars.some((c) => typeof c !== 'string' || [...c].length !== 1))
      throw new ValueError(`CharVocab: chars must be single characters, received ${quote(chars)}`);
    this.ids = new Map(chars.map((c, i) => [c, i + 1]));
    if (this.ids.size !== chars.length) throw new ValueError('CharVocab: chars must not repeat');
  }

  /** The characters of `text` seen at least `minCount` times, most frequent first (ties by code point). */
  static fromText(text: string, minCount = 1): CharVocab {
    const counts = new Map<string, number>();
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    const kept = [...counts].filter(([, n]) => n >= minCount);
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return new CharVocab(kept.map(([c]) => c));
  }

  /** Ids for an Embedding's inputDim: the characters and id 0. */
  get size(): number {
    return this.chars.length + 1;
  }

  encode(text: string): Float32Array {
    const chars = [...text];
    return Float32Array.from(chars, (c) => this.ids.get(c) ?? 0);
  }

  /** Id 0 decodes to `unknown`. */
  decode(ids: ArrayLike<number>, unknown = '�'): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) s += ids[i] === 0 ? unknown : (this.chars[ids[i] - 1] ?? unknown);
    return s;
  }
}

/** UTF-8 bytes of `text` as ids 1 … 256 (byte + 1), cut or padded with 0 to `steps`. */
export function byteIds(text: string, steps: number): Float32Array {
  const bytes = new TextEncoder().encode(text.length > 4 * steps ? text.slice(0, 4 * steps) : text);
  const out = new Float32Array(steps);
  for (let i = 0; i < Math.min(steps, bytes.length); i++) out[i] = bytes[i] + 1;
  return out;
}

/**
 * A language model's training pairs from a stream of ids: windows of `steps` ids at a stride
 * of `steps`, each target the same window one id later. x and y are [rows, steps].
 */
export function nextTokenWindows(ids: Float32Array, steps: number): { x: Float32Array; y: Float32Array; rows: number } {
  const rows = Math.max(0, Math.floor((ids.length - 1) / steps));
  const x = ids.slice(0, rows * steps);
  const y = ids.slice(1, rows * steps + 1);
  return { x, y, rows };
}

export interface SampleOptions {
  /** Text the generated characters continue. Default ''. */
  prompt?: string;
  /** Characters to generate. Default 200. */
  length?: number;
  /** Softmax temperature: below 1 sharper, above 1 flatter, 0 the most likely character. Default 1. */
  temperature?: number;
  /** Seed of the draws; the same seed gives the same text. Default 0. */
  seed?: number;
}

/**
 * Text from a character language model whose input is a window of ids [steps] and whose
 * output is the next-character distribution per step ([steps, vocab], softmax): each new
 * character is drawn from the last step's distribution given the window before it (the
 * prompt left-padded with id 0 at first).
 */
export function sampleText(model: Sequential, vocab: CharVocab, options: SampleOptions = {}): string {
  const { prompt = '', length = 200, temperature = 1, seed = 0 } = options;
  if (!Number.isInteger(length) || length < 0)
    throw new ValueError(`sampleText: length must be an integer ≥ 0, received ${quote(length)}`);
  if (!(temperature >= 0) || !Number.isFinite(temperature))
    throw new ValueError(`sampleText: temperature must be a finite number ≥ 0, received ${quote(temperature)}`);
  const input = model.layers[0]?.inputShape ?? [];
  const out = model.layers.at(-1)?.outputShape ?? [];
  const classes = out.at(-1);
  if (input.length !== 1 || classes !== vocab.size) {
    throw new ValueError(
      `sampleText: expected a model from id windows [steps] to ${vocab.size} classes (the vocabulary's size), ` +
        `received input ${quote(input)} and output ${quote(out)}`,
    );
  }
  const steps = input[0];
  const window = new Float32Array(steps);
  const start = vocab.encode(prompt).slice(-steps);
  window.set(start, steps - start.length);
  const draws = uniforms(length, seed, SAMPLE_STREAM);
  const generated: number[] = [];
  for (let i = 0; i < length; i++) {
    const p = model.predict(tensor(window, [1, steps])).data;
    const last = p.subarray(p.length - classes, p.length);
    const id = draw(last, temperature, draws[i]);
    generated.push(id);
    window.copyWithin(0, 1);
    window[steps - 1] = id;
  }
  return vocab.decode(generated);
}

/** An index drawn from probabilities p sharpened by 1/temperature, with uniform u; id 0 never. */
function draw(p: Float32Array, temperature: number, u: number): number {
  const w = new Float64Array(p.length);
  let best = 1;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  if (temperature === 0) return best;
  const top = Math.log(Math.max(p[best], 1e-30)) / temperature; // subtracted: no overflow for small temperatures
  let sum = 0;
  for (let i = 1; i < p.length; i++) {
    w[i] = Math.exp(Math.log(Math.max(p[i], 1e-30)) / temperature - top);
    sum += w[i];
  }
  let acc = 0;
  for (let i = 1; i < p.length; i++) {
    acc += w[i] / sum;
    if (u < acc) return i;
  }
  return best;
}
