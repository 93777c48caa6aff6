// Bagging (Breiman 1996): k models, each trained on a bootstrap resample of the training set
// (n draws with replacement: each holds about 1 − 1/e ≈ 63 % of the distinct samples), their
// predictions averaged. And the cheap approximation dropout offers: one network whose
// dropout masks, sampled at prediction time and averaged (Monte Carlo dropout, Gal and
// Ghahramani 2016), stand in for the members.
import type { Sequential } from './model.js';
import type { FitArgs, History } from './fit-types.js';
import { rowSource, type Input, type Tensor } from './data.js';
import { wholePass } from './batches.js';
import { uniforms } from './random.js';
import { modelFromBytes } from './io/model-file.js';
import { readFileBytes, writeFileAtomic } from './io/files.js';
import { FormatError, ValueError, quote } from './errors.js';
import { resolveWorkers } from './parallel/threads.js';
import { fitOnThreads } from './parallel/fit-task.js';

const MAGIC = 'simdnet-bagging-1\n';
const BOOTSTRAP_STREAM = 0xb007;

export interface BaggingArgs {
  /** Number of members, k ≥ 1. */
  members: number;
  /** Makes member i: a compiled Sequential (give each a different seed to vary initializations too). */
  build: (i: number) => Sequential;
  /** Seed of the bootstrap resamples; default 0. */
  seed?: number;
}

/** Row indices of member i's bootstrap resample of n rows. */
export function bootstrap(n: number, seed: number, member: number): Int32Array {
  return Int32Array.from(uniforms(n, seed, BOOTSTRAP_STREAM + member), (u) => Math.min(n - 1, Math.floor(u * n)));
}

export class Bagging {
  readonly members: Sequential[];
  readonly seed: number;
  /** Share of distinct training samples each member saw in its last fit. */
  distinct: number[] = [];

  constructor(args: BaggingArgs | { members: Sequential[]; seed?: number }) {
    const seed = args.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0)
      throw new ValueError(`Bagging: seed must be an integer ≥ 0, received ${quote(seed)}`);
    this.seed = seed;
    if (Array.isArray(args.members)) {
      this.members = args.members;
      return;
    }
    const { members, build } = args as BaggingArgs;
    if (!Number.isInteger(members) || members < 1)
      throw new ValueError(`Bagging: members must be an integer ≥ 1, received ${quote(members)}`);
    if (typeof build !== 'function')
      throw new ValueError(`Bagging: build must be a function (i) => model, received ${quote(build)}`);
    this.members = Array.from({ length: members }, (_, i) => build(i));
  }

  /**
   * Trains each member on its bootstrap resample of (x, y). With `workers: n` (n > 1) and no
   * callbacks or signal, the members train in parallel, one on each of n worker threads — the
   * same bits as training them one after another on one thread; the trained members are new
   * objects (this.members is updated). Otherwise one after another on this thread.
   */
  async fit(x: Input, y: Input, args: FitArgs = {}): Promise<History[]> {
    const xs = rowSource(x, 'Bagging.fit: x');
    const ys = rowSource(y, 'Bagging.fit: y');
    const n = xs.rows;
    const resamples = this.members.map((_, i) => bootstrap(n, this.seed, i));
    const jobs = resamples.map((idx, i) => ({
      model: this.members[i],
      x: xs.take(idx),
      y: ys.take(idx),
    }));
    const threads = resolveWorkers(args.workers);
    this.distinct = resamples.map((idx) => new Set(idx).size / n);
    const callbacks = args.callbacks === undefined ? [] : [args.callbacks].flat();
    if (threads > 1 && jobs.length > 1 && !callbacks.length && !args.signal) {
      const trained = await fitOnThreads(jobs, args, threads);
      if (trained) {
        this.members.splice(0, this.members.length, ...trained.models);
        return trained.histories;
      }
    }
    const histories: History[] = [];
    for (const job of jobs) histories.push(await job.model.fit(job.x, job.y, { ...args, workers: 1 }));
    return histories;
  }

  /** Each member's predictions. */
  memberPredictions(x: Input): Tensor[] {
    return this.members.map((m) => m.predict(x));
  }

  /** The members' predictions, averaged. */
  predict(x: Input): Tensor {
    const all = this.memberPredictions(x);
    const out = new Float32Array(all[0].data.length);
    for (const p of all) for (let i = 0; i < out.length; i++) out[i] += p.data[i] / all.length;
    return { data: out, shape: all[0].shape };
  }

  /** The members as bytes (each in simdnet's model format). */
  toBytes(): Uint8Array {
    const parts = this.members.map((m) => m.toBytes());
    const head = new TextEncoder().encode(
      `${MAGIC}${JSON.stringify({ seed: this.seed, sizes: parts.map((p) => p.length) })}\n`,
    );
    const out = new Uint8Array(head.length + parts.reduce((s, p) => s + p.length, 0));
    out.set(head);
    let at = head.length;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  static fromBytes(bytes: Uint8Array, source = 'bagging bytes'): Bagging {
    const text = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
    const end = text.indexOf('\n', MAGIC.length);
    if (!text.startsWith(MAGIC) || end < 0) throw new FormatError(`${source}: not a simdnet Bagging file`);
    let meta: { seed: number; sizes: number[] };
    try {
      meta = JSON.parse(text.slice(MAGIC.length, end));
    } catch {
      throw new FormatError(`${source}: its header is not valid JSON`);
    }
    const sizes = meta?.sizes;
    if (!Array.isArray(sizes) || sizes.length === 0 || !sizes.every((s) => Number.isInteger(s) && s > 0))
      throw new FormatError(`${source}: its header lists no member sizes`);
    if (!Number.isInteger(meta.seed) || meta.seed < 0) throw new FormatError(`${source}: its header has no valid seed`);
    let at = new TextEncoder().encode(text.slice(0, end + 1)).length;
    if (at + sizes.reduce((a, b) => a + b, 0) !== bytes.length)
      throw new FormatError(
        `${source}: ${bytes.length} bytes, but the header describes ${at + sizes.reduce((a, b) => a + b, 0)}`,
      );
    const members = sizes.map((s, i) => {
      const m = modelFromBytes(bytes.subarray(at, at + s), `${source}, member ${i}`);
      at += s;
      return m;
    });
    return new Bagging({ members, seed: meta.seed });
  }

  async save(path: string): Promise<void> {
    await writeFileAtomic(path, this.toBytes());
  }

  static async load(path: string): Promise<Bagging> {
    return Bagging.fromBytes(await readFileBytes(path, 'Bagging.load'), path);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.members.map((m) => m.dispose()));
  }
}

/**
 * Monte Carlo dropout: the mean of `samples` predictions with dropout on, each with its own
 * masks (seeded: the same call gives the same numbers). Against predict(), which scales the
 * weights instead (the weight-scaling rule).
 */
export function predictWithDropout(model: Sequential, x: Input, samples: number, seed = 0): Tensor {
  if (!Number.isInteger(samples) || samples < 1)
    throw new ValueError(`predictWithDropout: samples must be an integer ≥ 1, received ${quote(samples)}`);
  return wholePass(model, x, 'predictWithDropout', (s, plan, data, rows) => {
    const out = new Float32Array(rows * s.outputSize);
    for (let t = 0; t < samples; t++) {
      // Masks are keyed by (seed, step, row): a step number no training step uses.
      const y = s.forward(plan, data, rows, true, 2 ** 30 + seed * 65536 + t) >> 2;
      const f32 = model.arena.f32;
      for (let i = 0; i < out.length; i++) out[i] += f32[y + i] / samples;
    }
    return { data: out, shape: [rows, ...s.layers[s.layers.length - 1].outputShape] };
  });
}
