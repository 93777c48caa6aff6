// Option values of the simdnet command, checked: a bad one is a ValueError naming the option.
import { ValueError, quote } from './errors.js';

/** Command-line option values as parseArgs gives them. */
export type Values = Record<string, string | boolean | undefined>;

export function int(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new ValueError(`--${name}: expected an integer ≥ ${min}, received ${quote(value)}`);
  return n;
}

export function num(value: string, name: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new ValueError(`--${name}: expected a number, received ${quote(value)}`);
  return n;
}
