// What a model's layers compute on some input: every layer's output of one inference pass,
// and the statistics a report shows (mean, standard deviation, zeros, saturation).
import type { Sequential } from '../model.js';
import type { Input, Tensor } from '../data.js';
import { wholePass } from '../batches.js';

/** Each layer's output on x (inference: dropout off), in layer order. */
export function layerOutputs(model: Sequential, x: Input): Tensor[] {
  return wholePass(model, x, 'layerOutputs', (s, plan, data, rows) => {
    s.forward(plan, data, rows, false, model.optimizer?.iterations ?? 0);
    return s.layers.map((l, i) => {
      const at = plan.y[i] >> 2;
      return { data: model.arena.f32.slice(at, at + rows * l.outputSize), shape: [rows, ...l.outputShape] };
    });
  });
}

export interface Stats {
  mean: number;
  std: number;
  /** Share of values exactly 0 (dead relu units, dropped values). */
  zeros: number;
  /** Share of values with |v| ≥ 0.99 (tanh and sigmoid near saturation). */
  saturated: number;
}

export function stats(values: ArrayLike<number>): Stats {
  const n = values.length;
  let sum = 0;
  let zeros = 0;
  let saturated = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v === 0) zeros++;
    if (Math.abs(v) >= 0.99) saturated++;
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / n), zeros: zeros / n, saturated: saturated / n };
}
