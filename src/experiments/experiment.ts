// What an experiment is: a claim of the subject, a run that measures it on simdnet itself,
// and the outcome — a table, charts, and findings computed from the numbers of that run
// (never canned text). `scale` shrinks a run for the tests (1: the full experiment).
import type { Table } from '../report/html.js';
import { tensor, type Tensor } from '../data.js';
import { mnistSplit } from '../io/mnist.js';
import type { WorkersOption } from '../fit-types.js';
import type { Sequential } from '../model.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { Dense } from '../api.js';

type Spec = Record<string, unknown>;

export interface RunOptions {
  /** 1 for the full experiment; smaller runs fewer samples and epochs (tests use ~0.1). */
  scale: number;
  workers: WorkersOption;
  /** A line of progress (the CLI prints it). */
  progress: (line: string) => void;
}

export interface Outcome {
  table: Table;
  /** Vega-Lite specs (report/charts.ts), rendered by the report. */
  charts: Spec[];
  /** Two or three sentences on what the data show, computed from them. */
  findings: string[];
  /** The measured numbers the findings come from (tests assert on them). */
  data: Record<string, unknown>;
}

export interface Experiment {
  name: string;
  title: string;
  /** The claim being put to the test, as the subject states it. */
  claim: string;
  run(o: RunOptions): Promise<Outcome>;
}

/** `n` scaled, at least `min`. */
export const scaled = (n: number, o: RunOptions, min = 1) => Math.max(min, Math.round(n * o.scale));

/** MNIST digits: `train` training samples and `test` held out, as tensors (flat 784 or 28×28×1). */
export function digits(train: number, test: number, images = false) {
  const split = mnistSplit(0, train, images);
  const t = split.test;
  const take = (d: typeof t, n: number): [Tensor, Tensor] => [
    tensor(d.images.subarray(0, n * 784), [n, ...d.sample]),
    tensor(d.labels.subarray(0, n), [n]),
  ];
  const [x, y] = take(split.train, train);
  const [tx, ty] = take(t, Math.min(test, t.rows));
  return { x, y, tx, ty };
}

/** Seconds a promise took, with its value. */
export async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await f();
  return [v, (performance.now() - t) / 1000];
}

export const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** Ends a digits classifier: a 10-way softmax layer, compiled with cross-entropy and accuracy. */
export function classifier(m: Sequential, optimizer: Optimizer): Sequential {
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}
