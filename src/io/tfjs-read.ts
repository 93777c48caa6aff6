// Reading a TensorFlow.js Layers model from disk: model.json and its weight shards, checked
// before use. Only regular files inside the model's directory are read, each bounded by what
// the manifest promises; every malformed input is a ModelFileError or UnknownNameError.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Sequential } from '../model.js';
import { ModelFileError, SimdnetError, quote } from '../errors.js';
import { readRegularFile } from './files.js';
import { parseUntrustedJson } from './json.js';
import { fromTfjsArtifacts, type TfjsArtifacts } from './tfjs.js';

const MAX_MODEL_JSON = 64 * 2 ** 20;
type Spec = TfjsArtifacts['weightSpecs'][number] & { quantization?: { dtype?: string } };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function fail(source: string, why: string): never {
  throw new ModelFileError(`${source}: ${why}`, 'config');
}

/** The manifest's weight groups, each checked: paths are strings, specs have a name, a shape and float32 data. */
function checkManifest(
  json: unknown,
  source: string,
): { topology: TfjsArtifacts['modelTopology']; groups: { paths: string[]; weights: Spec[] }[] } {
  if (!isObject(json)) fail(source, `expected a JSON object, received ${quote(json)}`);
  if (!isObject(json.modelTopology)) fail(source, 'no modelTopology object');
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) fail(source, `weightsManifest must be an array, received ${quote(manifest)}`);
  const groups = manifest.map((g, i) => {
    if (!isObject(g) || !Array.isArray(g.paths) || !g.paths.every((p) => typeof p === 'string')) {
      fail(source, `weightsManifest[${i}] needs paths: string[], received ${quote(g)}`);
    }
    if (!Array.isArray(g.weights)) fail(source, `weightsManifest[${i}].weights must be an array`);
    for (const w of g.weights as unknown[]) {
      const ok =
        isObject(w) &&
        typeof w.name === 'string' &&
        Array.isArray(w.shape) &&
        w.shape.every((d) => Number.isInteger(d) && d >= 0);
      if (!ok) fail(source, `a weight spec needs a name and a shape of integers, received ${quote(w)}`);
      const q = (w as Spec).quantization;
      if (q)
        fail(
          source,
          `weight ${quote(w.name)} is quantized (${quote(q.dtype)}); export it from TensorFlow.js without quantization`,
        );
      if (w.dtype !== 'float32')
        fail(source, `weight ${quote(w.name)} has dtype ${quote(w.dtype)}; only float32 is supported`);
    }
    return g as { paths: string[]; weights: Spec[] };
  });
  return { topology: json.modelTopology as TfjsArtifacts['modelTopology'], groups };
}

/** Reads model.json (a path to it or its directory) and its weight shards. */
export async function importTfjs(path: string): Promise<Sequential> {
  if (typeof path !== 'string' || path === '')
    throw new ModelFileError(`importTfjs: expected a path, received ${quote(path)}`, 'config');
  const file = path.endsWith('.json') ? path : join(path, 'model.json');
  const text = new TextDecoder().decode(readRegularFile(file, 'importTfjs', MAX_MODEL_JSON));
  const { topology, groups } = checkManifest(parseUntrustedJson(text, file), file);
  const specs = groups.flatMap((g) => g.weights);
  const expected = specs.reduce((n, s) => n + 4 * s.shape.reduce((x, y) => x * y, 1), 0);
  const dir = resolve(dirname(file));
  const data = new Uint8Array(expected);
  let at = 0;
  for (const p of groups.flatMap((g) => g.paths)) {
    const target = resolve(dir, p);
    const rel = relative(dir, target);
    if (isAbsolute(p) || rel.startsWith('..') || isAbsolute(rel))
      fail(file, `weight path ${quote(p)} leaves the model directory`);
    const shard = readRegularFile(target, `importTfjs: shard ${quote(p)}`, expected - at);
    data.set(shard, at);
    at += shard.length;
  }
  if (at !== expected)
    throw new ModelFileError(`${file}: the shards hold ${at} bytes, the manifest needs ${expected}`, 'truncated');
  try {
    return fromTfjsArtifacts({ modelTopology: topology, weightSpecs: specs, weightData: data.buffer }, file);
  } catch (e) {
    if (e instanceof SimdnetError) throw e;
    throw new ModelFileError(`${file}: malformed model (${quote((e as Error).message)})`, 'config');
  }
}
