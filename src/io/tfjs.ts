// TensorFlow.js Layers format (what tf.loadLayersModel reads): model.json with the Keras
// topology in snake_case and a weights manifest, plus little-endian float32 shards.
// Supported both ways: the layers in EXPORTABLE and the activations both libraries share;
// anything else is an error that names it. Images are channels-last in both.
import { join } from 'node:path';
import { Sequential } from '../model.js';
import type { Layer } from '../layers/layer.js';
import { deserializeLayer } from '../layers/registry.js';
import { FormatError, ModelFileError, IOError, fmtShape, quote } from '../errors.js';
import { writeFileAtomic } from './files.js';
import { normalizeName } from '../registry.js';
import '../catalogue.js';
import { EXPORTABLE, IMAGE_LAYERS, INITIALIZERS, SEQUENCE_LAYERS, notExportable } from './tfjs-layers.js';

/** The parts of a tfjs ModelArtifacts simdnet reads and writes. */
export interface TfjsArtifacts {
  modelTopology: { class_name: string; config: { name?: string; layers: TfjsLayer[] } } & Record<string, unknown>;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}

export interface TfjsLayer {
  class_name: string;
  config: Record<string, unknown>;
}

// simdnet activation ↔ tfjs-layers activation identifier
const ACTIVATIONS: [string, string][] = [
  ['linear', 'linear'],
  ['relu', 'relu'],
  ['sigmoid', 'sigmoid'],
  ['tanh', 'tanh'],
  ['softmax', 'softmax'],
  ['elu', 'elu'],
  ['selu', 'selu'],
  ['softplus', 'softplus'],
  ['softsign', 'softsign'],
  ['relu6', 'relu6'],
  ['swish', 'swish'],
  ['gelu', 'gelu'],
  ['gelu_tanh', 'gelu_new'],
];
// tfjs-layers 4.22 turns 'gelu_new' into 'geluNew' when it loads and knows no such name: not exported.
const toTfjsActivation = new Map(ACTIVATIONS.filter(([a]) => a !== 'gelu_tanh'));
const fromTfjsActivation = new Map(ACTIVATIONS.map(([a, b]) => [normalizeName(b), a]));

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function keysTo(obj: unknown, f: (k: string) => string): unknown {
  if (Array.isArray(obj)) return obj.map((v) => keysTo(v, f));
  if (obj && typeof obj === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj))
      out[k === 'className' || k === 'class_name' ? (f === snake ? 'class_name' : 'className') : f(k)] = keysTo(v, f);
    return out;
  }
  return obj;
}

function exportLayer(l: Layer, first: boolean): TfjsLayer {
  const why = EXPORTABLE.has(l.className)
    ? notExportable(l.className, l.getConfig())
    : 'has no TensorFlow.js Layers equivalent';
  if (why)
    throw new FormatError(
      `exportTfjs: layer ${l.name} (${l.className}): ${why}; exportable: ${[...EXPORTABLE].join(', ')}`,
    );
  const { inputShape: _ignored, activityRegularizer, ...rest } = l.getConfig();
  const config = keysTo(rest, snake) as Record<string, unknown>;
  for (const key of INITIALIZERS) {
    const init = config[key] as { class_name: string } | undefined;
    if (init) init.class_name = init.class_name.replace('Lecun', 'LeCun'); // tfjs spells LeCunNormal
  }
  if ('activation' in rest) {
    const act = toTfjsActivation.get(rest.activation as string);
    if (!act)
      throw new FormatError(
        `exportTfjs: layer ${l.name}: activation "${rest.activation}" has no TensorFlow.js equivalent; ` +
          `exportable: ${[...toTfjsActivation.keys()].join(', ')}`,
      );
    config.activation = act;
  }
  if (rest.recurrentActivation) config.recurrent_activation = toTfjsActivation.get(rest.recurrentActivation as string);
  if (l.className === 'PReLU') config.shared_axes = (rest.sharedAxes as number[]).length ? rest.sharedAxes : null;
  if (l.className === 'Dropout') config.noise_shape = rest.noiseShape ?? null;
  if (l.className === 'LeakyReLU') {
    config.alpha = rest.negativeSlope; // tfjs-layers' name
    delete config.negative_slope;
  }
  if (IMAGE_LAYERS.has(l.className)) config.data_format = 'channels_last';
  if (SEQUENCE_LAYERS.has(l.className))
    for (const key of ['kernel_size', 'strides', 'dilation_rate', 'pool_size'])
      if (typeof config[key] === 'number') config[key] = [config[key]];
  config.activity_regularizer = activityRegularizer ? keysTo(activityRegularizer, snake) : null;
  config.trainable = l.trainable;
  config.dtype = 'float32';
  if (first) config.batch_input_shape = [null, ...l.inputShape];
  return { class_name: l.className, config };
}

/** The model as tfjs-layers ModelArtifacts (topology, weight specs, one weight buffer). */
export function toTfjsArtifacts(model: Sequential): TfjsArtifacts {
  const layers = model.layers.map((l, i) => exportLayer(l, i === 0));
  const weights = model.getWeights();
  const specs = model.layers.flatMap((l) =>
    l.params.map((p) => ({ name: `${l.name}/${p.name}`, shape: [...p.shape], dtype: 'float32' })),
  );
  const data = new Float32Array(weights.reduce((a, w) => a + w.data.length, 0));
  let at = 0;
  for (const w of weights) {
    data.set(w.data, at);
    at += w.data.length;
  }
  return {
    modelTopology: {
      class_name: 'Sequential',
      config: { name: model.name, layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightSpecs: specs,
    weightData: littleEndian(data).buffer as ArrayBuffer,
  };
}

/** Writes dir/model.json and dir/weights.bin, readable by tf.loadLayersModel. */
export async function exportTfjs(model: Sequential, dir: string): Promise<void> {
  const a = toTfjsArtifacts(model);
  const manifest = {
    format: 'layers-model',
    generatedBy: 'simdnet',
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
  };
  const { mkdir } = await import('node:fs/promises'); // on demand: not part of a cold start
  await mkdir(dir, { recursive: true }).catch((e) =>
    Promise.reject(new IOError(`exportTfjs: cannot create ${dir}: ${e.message}`)),
  );
  await writeFileAtomic(join(dir, 'weights.bin'), new Uint8Array(a.weightData));
  await writeFileAtomic(join(dir, 'model.json'), new TextEncoder().encode(JSON.stringify(manifest)));
}

/** A Sequential from tfjs-layers artifacts; unsupported layers or activations are errors naming them. */
export function fromTfjsArtifacts(a: TfjsArtifacts, source = 'tfjs model'): Sequential {
  const topo = a?.modelTopology;
  if (topo?.class_name !== 'Sequential' || !Array.isArray(topo.config?.layers)) {
    throw new ModelFileError(
      `${source}: only Sequential models are supported, found ${quote(topo?.class_name ?? 'no topology')}`,
      'config',
    );
  }
  let inputShape: number[] | undefined;
  const specs: Record<string, unknown>[] = [];
  for (const layer of topo.config.layers as unknown[]) {
    if (!layer || typeof layer !== 'object' || typeof (layer as TfjsLayer).class_name !== 'string') {
      throw new ModelFileError(`${source}: a layer must be {class_name, config}, received ${quote(layer)}`, 'config');
    }
    const { class_name: className } = layer as TfjsLayer;
    const cfg = ((layer as TfjsLayer).config ?? {}) as Record<string, unknown>;
    if (typeof cfg !== 'object')
      throw new ModelFileError(`${source}: layer config ${quote(cfg)} is not an object`, 'config');
    const bis = (cfg.batch_input_shape ?? cfg.batch_shape) as unknown;
    if (bis !== undefined && bis !== null && !inputShape) {
      const ok = Array.isArray(bis) && bis.slice(1).every((d) => Number.isInteger(d) && d > 0);
      if (!ok) throw new ModelFileError(`${source}: batch_input_shape ${quote(bis)} is not [null, ...sizes]`, 'config');
      inputShape = bis.slice(1) as number[];
    }
    if (className === 'InputLayer') continue;
    if (!EXPORTABLE.has(className)) {
      throw new ModelFileError(
        `${source}: layer ${quote(cfg.name)} (${quote(className)}) is not supported by simdnet; supported: ` +
          `${[...EXPORTABLE].join(', ')}`,
        'config',
      );
    }
    const { batch_input_shape, batch_shape, dtype, kernel_constraint, bias_constraint, alpha_constraint, ...rest } =
      cfg;
    const c = keysTo(rest, camel) as Record<string, unknown>;
    if (typeof c.activation === 'string') {
      const act = fromTfjsActivation.get(normalizeName(c.activation));
      if (!act)
        throw new ModelFileError(
          `${source}: layer ${quote(cfg.name)}: activation ${quote(c.activation)} is not supported by simdnet; ` +
            `supported: ${ACTIVATIONS.map((x) => x[1]).join(', ')}`,
          'config',
        );
      c.activation = act;
    }
    for (const key of INITIALIZERS.map(camel)) c[key] = initializerFromTfjs(c[key]);
    if (typeof c.recurrentActivation === 'string')
      c.recurrentActivation = fromTfjsActivation.get(normalizeName(c.recurrentActivation)) ?? c.recurrentActivation;
    if (className === 'PReLU') c.sharedAxes = c.sharedAxes ?? [];
    if (className === 'GRU') c.resetAfter = c.resetAfter ?? false; // tfjs-layers' only form
    if (className === 'Dropout') c.noiseShape = c.noiseShape ?? undefined;
    if (c.seed === null) delete c.seed;
    for (const k of Object.keys(c)) if (c[k] === null) delete c[k];
    delete c.axis; // Softmax: simdnet normalises the last axis, tfjs's only default
    specs.push({ className, config: c });
  }
  if (!inputShape) throw new FormatError(`${source}: the topology has no batch_input_shape; cannot build the model`);
  const model = new Sequential({ name: typeof topo.config.name === 'string' ? topo.config.name : undefined });
  specs.forEach((s, i) => {
    if (i === 0) (s.config as Record<string, unknown>).inputShape = inputShape;
    model.add(deserializeLayer(s as { className: string; config: Record<string, unknown> }, `${source}: layer`));
  });
  model.build(inputShape);
  loadWeights(model, a, source);
  return model;
}

// Keras / tfjs initializer configs → simdnet's (tfjs writes glorot as VarianceScaling 'normal').
function initializerFromTfjs(spec: unknown): unknown {
  if (!spec || typeof spec !== 'object') return undefined;
  const s = spec as { className: string; config?: Record<string, unknown> };
  const config = { ...(s.config ?? {}) };
  delete config.seed;
  if (normalizeName(s.className) === 'variancescaling' && config.distribution === 'normal')
    config.distribution = 'truncated_normal';
  return { className: s.className, config };
}

function loadWeights(model: Sequential, a: TfjsArtifacts, source: string): void {
  const params = model.layers.flatMap((l) => l.params.map((p) => ({ l, p })));
  const specs = a.weightSpecs ?? [];
  if (specs.length !== params.length)
    throw new ModelFileError(
      `${source}: ${specs.length} weights in the manifest, the model has ${params.length}`,
      'shape',
    );
  const bytes = new Uint8Array(a.weightData);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = specs.reduce((n, s) => n + s.shape.reduce((x, y) => x * y, 1), 0);
  if (bytes.length !== total * 4)
    throw new ModelFileError(
      `${source}: weight data has ${bytes.length} bytes, the manifest needs ${total * 4}`,
      'truncated',
    );
  let at = 0;
  const weights = params.map(({ l, p }, i) => {
    const s = specs[i];
    if (s.dtype !== 'float32')
      throw new FormatError(`${source}: weight ${s.name} is ${s.dtype}; only float32 is supported`);
    if (fmtShape(s.shape) !== fmtShape(p.shape))
      throw new ModelFileError(
        `${source}: weight ${s.name} has shape ${fmtShape(s.shape)}, ${l.name}/${p.name} needs ${fmtShape(p.shape)}`,
        'shape',
      );
    const data = new Float32Array(p.size);
    for (let j = 0; j < p.size; j++, at += 4) {
      data[j] = view.getFloat32(at, true);
      if (!Number.isFinite(data[j]))
        throw new ModelFileError(`${source}: weight ${s.name}[${j}] is ${data[j]}`, 'nonfinite');
    }
    return { data, shape: p.shape };
  });
  model.setWeights(weights);
}

function littleEndian(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}
