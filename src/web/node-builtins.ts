// What the browser and edge bundles get for every `node:` module (.ci/bundle-web.mjs): the
// names simdnet imports, each failing with the same clear error if called. Nothing reachable
// from web.ts calls them unless asked to use a file path, which those runtimes do not have.
import { IOError } from '../errors.js';

function noFiles(name: string) {
  return (..._args: unknown[]): never => {
    throw new IOError(
      `simdnet: ${name} needs a file system, which this runtime does not have; ` +
        'use modelToBytes / modelFromBytes and load the kernels with init()',
    );
  };
}

export const constants: Record<string, number> = {};
export const existsSync = noFiles('existsSync');
export const readFileSync = noFiles('readFileSync');
export const statSync = noFiles('statSync');
export const accessSync = noFiles('accessSync');
export const openSync = noFiles('openSync');
export const fstatSync = noFiles('fstatSync');
export const readSync = noFiles('readSync');
export const closeSync = noFiles('closeSync');
export const open = noFiles('open');
export const rename = noFiles('rename');
export const rm = noFiles('rm');
export const readdir = noFiles('readdir');
export const mkdir = noFiles('mkdir');
export const join = noFiles('path.join');
export const dirname = noFiles('path.dirname');
export const basename = noFiles('path.basename');
export const isAbsolute = noFiles('path.isAbsolute');
export const relative = noFiles('path.relative');
export const resolve = noFiles('path.resolve');
export const gunzipSync = noFiles('gunzipSync');
export const createRequire = noFiles('createRequire');
export const availableParallelism = () => 1;
