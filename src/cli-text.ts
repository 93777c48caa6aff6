// `simdnet train --task spam|lm`: the text jobs on the SpamAssassin corpus. spam classifies
// whole messages from their first bytes; lm trains a character language model on the ham
// messages' bodies (or any UTF-8 file), reports held-out bits per character and prints a sample.
import { readFileSync } from 'node:fs';
import { tensor } from './data.js';
import { loadSpamAssassin, subjectAndBody } from './io/spam.js';
import { CharVocab, byteIds, nextTokenWindows, sampleText } from './text.js';
import { LM_MODELS, SPAM_MODELS, languageModel, spamModel, type TextModelKind } from './text-models.js';
import { permutation, SPLIT_STREAM } from './random.js';
import { Adam } from './optimizers/adam.js';
import { IOError, ValueError, quote } from './errors.js';
import type { Sequential } from './model.js';
import type { WorkersOption } from './fit-types.js';
import { int, num, type Values } from './cli-args.js';

export interface TextJob {
  task: 'spam' | 'lm';
  kind: string;
  epochs?: number;
  batchSize?: number;
  steps?: number;
  learningRate?: number;
  seed: number;
  limit?: number;
  workers: WorkersOption;
  text?: string;
  temperature: number;
}

/** Messages split by a seeded shuffle: the first `share` of the order trains. */
function split<T>(items: T[], seed: number, share: number): { train: T[]; test: T[] } {
  const order = permutation(items.length, seed, SPLIT_STREAM);
  const cut = Math.round(items.length * share);
  return {
    train: [...order.subarray(0, cut)].map((i) => items[i]),
    test: [...order.subarray(cut)].map((i) => items[i]),
  };
}

function kindOf(kind: string, allowed: readonly string[], task: string): string {
  if (!allowed.includes(kind))
    throw new ValueError(`--model: --task ${task} takes ${allowed.join(', ')}, received ${quote(kind)}`);
  return kind;
}

async function fitReport(
  model: Sequential,
  x: Float32Array,
  y: Float32Array,
  shape: number[],
  job: TextJob,
  out: (s: string) => void,
) {
  const epochs = job.epochs ?? (job.task === 'lm' ? 2 : 10);
  const started = performance.now();
  const rows = shape[0];
  await model.fit(tensor(x, shape), tensor(y, [rows, ...(job.task === 'lm' ? [shape[1]] : [1])]), {
    epochs,
    batchSize: job.batchSize ?? (job.task === 'lm' ? 64 : 32),
    seed: job.seed,
    verbose: 1,
    workers: job.workers,
  });
  const seconds = (performance.now() - started) / 1000;
  const tokens = rows * shape[1] * epochs;
  out(
    `trained ${epochs} epochs in ${seconds.toFixed(1)} s: ${Math.round(tokens / seconds).toLocaleString('en-US')} ` +
      `tokens/s (${Math.round((rows * epochs) / seconds).toLocaleString('en-US')} sequences/s)`,
  );
}

/** The first `steps` bytes of every raw message (headers and body) as byte ids; labels 1 = spam. */
export function spamData(mails: { text: string; spam: boolean }[], steps: number) {
  const x = new Float32Array(mails.length * steps);
  const y = new Float32Array(mails.length);
  mails.forEach((m, i) => {
    x.set(byteIds(m.text, steps), i * steps);
    y[i] = m.spam ? 1 : 0;
  });
  return { x, y };
}

async function spam(job: TextJob, out: (s: string) => void): Promise<void> {
  const kind = kindOf(job.kind, SPAM_MODELS, 'spam') as TextModelKind;
  const steps = job.steps ?? 1024;
  let { train, test } = split(loadSpamAssassin(), job.seed, 0.8);
  if (job.limit !== undefined) train = train.slice(0, job.limit);
  out(
    `data: ${train.length} training and ${test.length} test e-mails of the SpamAssassin corpus ` +
      `(${train.filter((m) => m.spam).length} / ${test.filter((m) => m.spam).length} spam), first ${steps} bytes`,
  );
  const model = spamModel(kind, steps, job.seed);
  model.compile({
    optimizer: new Adam({ learningRate: job.learningRate ?? 1e-3 }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  model.summary(out);
  const tr = spamData(train, steps);
  await fitReport(model, tr.x, tr.y, [train.length, steps], job, out);
  const te = spamData(test, steps);
  const s = model.evaluate(tensor(te.x, [test.length, steps]), tensor(te.y, [test.length, 1]), { batchSize: 256 });
  await model.dispose();
  out(
    `test accuracy: ${(s.accuracy! * 100).toFixed(2)}% on ${test.length} held-out e-mails (loss ${s.loss.toFixed(4)})`,
  );
}

/** The first `steps` characters of `text` at a line holding mostly letters: a prompt that reads as prose. */
function promptOf(text: string, steps: number): string {
  let start = 0;
  for (const line of text.slice(0, 200_000).split('\n')) {
    if ((line.match(/[a-z]/gi)?.length ?? 0) >= 30 && (line.match(/ [a-z]+ /gi)?.length ?? 0) >= 4) break;
    start += line.length + 1;
  }
  if (start >= Math.min(text.length, 200_000)) start = 0;
  return text.slice(start, start + steps);
}

/** The language model's text: a UTF-8 file, or the ham messages' bodies, held out by message. */
function lmText(job: TextJob): { train: string; test: string; source: string } {
  if (job.text !== undefined) {
    let text: string;
    try {
      text = readFileSync(job.text, 'utf8');
    } catch (e) {
      throw new IOError(`--text ${quote(job.text)}: cannot read it (${(e as NodeJS.ErrnoException).code})`);
    }
    if ([...text.slice(0, 1000)].length < 2) throw new ValueError(`--text ${quote(job.text)}: the file is empty`);
    const cut = Math.floor(text.length * 0.9);
    return { train: text.slice(0, cut), test: text.slice(cut), source: job.text };
  }
  return { ...hamBodies(job.seed), source: 'the ham bodies of the SpamAssassin corpus' };
}

/** The bodies of the corpus's ham messages, 90 % of the messages to train on, 10 % held out. */
export function hamBodies(seed: number): { train: string; test: string } {
  const ham = loadSpamAssassin()
    .filter((m) => !m.spam)
    .map((m) => subjectAndBody(m.text).body);
  const { train, test } = split(ham, seed, 0.9);
  return { train: train.join('\n'), test: test.join('\n') };
}

async function lm(job: TextJob, out: (s: string) => void): Promise<void> {
  const kind = kindOf(job.kind, LM_MODELS, 'lm') as 'lstm' | 'gcnn';
  const steps = job.steps ?? 64;
  const text = lmText(job);
  const vocab = CharVocab.fromText(text.train, 10);
  const train = nextTokenWindows(vocab.encode(text.train), steps);
  const rows = Math.min(train.rows, job.limit ?? 24000);
  const test = nextTokenWindows(vocab.encode(text.test), steps);
  const testRows = Math.min(test.rows, 1000);
  if (rows === 0 || testRows === 0)
    throw new ValueError(`lm: ${text.source} is too short for windows of ${steps} characters in both parts`);
  out(
    `data: ${rows} training windows of ${steps} characters (${(rows * steps).toLocaleString('en-US')} characters) ` +
      `and ${testRows} held-out windows from ${text.source}; ${vocab.size} ids (characters seen ≥ 10 times, ` +
      'and one for all others)',
  );
  const model = languageModel(kind, vocab.size, steps, job.seed);
  model.compile({
    optimizer: new Adam({ learningRate: job.learningRate ?? 2e-3 }),
    loss: 'sparseCategoricalCrossentropy',
  });
  model.summary(out);
  await fitReport(model, train.x.subarray(0, rows * steps), train.y.subarray(0, rows * steps), [rows, steps], job, out);
  const held = model.evaluate(
    tensor(test.x.subarray(0, testRows * steps), [testRows, steps]),
    tensor(test.y.subarray(0, testRows * steps), [testRows, steps]),
    { batchSize: 256 },
  );
  out(`held-out: ${(held.loss / Math.LN2).toFixed(3)} bits per character (loss ${held.loss.toFixed(4)} nats)`);
  const prompt = promptOf(text.test, steps);
  const sample = sampleText(model, vocab, { prompt, length: 300, temperature: job.temperature, seed: job.seed });
  await model.dispose();
  out(`sample (temperature ${job.temperature}) after ${JSON.stringify(prompt.slice(-30))}:\n${sample}`);
}

/** The text job the command-line options describe. */
export function textJob(task: 'spam' | 'lm', values: Values, seed: number): TextJob {
  const opt = (name: string, min: number) =>
    values[name] === undefined ? undefined : int(values[name] as string, name, min);
  for (const name of ['hidden', 'momentum', 'data'] as const)
    if (values[name] !== undefined) throw new ValueError(`--${name} applies to --task digits`);
  if (task === 'spam' && values.text !== undefined) throw new ValueError('--text applies to --task lm');
  return {
    task,
    kind: (values.model as string | undefined) ?? (task === 'spam' ? 'cnn' : 'lstm'),
    epochs: opt('epochs', 1),
    batchSize: opt('batch-size', 1),
    steps: opt('steps', 1),
    learningRate: values.lr === undefined ? undefined : num(values.lr as string, 'lr'),
    seed,
    limit: opt('limit', 1),
    workers: values.workers === 'auto' ? 'auto' : int(values.workers as string, 'workers', 1),
    text: values.text as string | undefined,
    temperature: num(values.temperature as string, 'temperature'),
  };
}

export function trainText(job: TextJob, out: (s: string) => void): Promise<void> {
  return job.task === 'spam' ? spam(job, out) : lm(job, out);
}
