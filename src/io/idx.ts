// IDX files (the MNIST / Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/):
// magic = 0x00 0x00 type ndim, then ndim big-endian u32 sizes, then the data
// big-endian. Gzipped files (1f 8b) are inflated first.
import { existsSync, statSync } from 'node:fs';
import { gunzipSync, constants as zlib } from 'node:zlib';
import { readRegularFile } from './files.js';
import { join } from 'node:path';
import { FormatError, quote } from '../errors.js';
import type { Dataset } from './dataset.js';

const { Z_SYNC_FLUSH } = zlib;

const TYPES: Record<number, { bytes: number; read: (v: DataView, at: number) => number }> = {
  8: { bytes: 1, read: (v, at) => v.getUint8(at) },
  9: { bytes: 1, read: (v, at) => v.getInt8(at) },
  11: { bytes: 2, read: (v, at) => v.getInt16(at) },
  12: { bytes: 4, read: (v, at) => v.getInt32(at) },
  13: { bytes: 4, read: (v, at) => v.getFloat32(at) },
  14: { bytes: 8, read: (v, at) => v.getFloat64(at) },
};

/** The largest data set an IDX file may describe: 1 GiB of values. */
const MAX_IDX_BYTES = 2 ** 30;

/** Parses IDX bytes (raw or gzip); `what` names the source in errors. */
export function parseIdx(bytes: Uint8Array, what: string): { shape: number[]; data: Float64Array | Uint8Array } {
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  // A gzip file is inflated only as far as its IDX header says the data goes: a small file
  // that inflates past that (a gzip bomb) stops there.
  const head = gzip ? inflate(bytes.subarray(0, 4096), what, Z_SYNC_FLUSH) : bytes;
  const { type, shape, start, size } = header(head, what);
  const buf = gzip ? inflate(bytes, what, undefined, size) : bytes;
  if (buf.length !== size) {
    throw new FormatError(
      `${what}: header says ${shape.join('×')} values (${size - start} bytes) but ${buf.length - start} bytes follow`,
    );
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const count = (size - start) / type.bytes;
  if (type.bytes === 1 && buf[2] === 0x08) return { shape, data: buf.subarray(start) };
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = type.read(view, start + i * type.bytes);
  return { shape, data };
}

function header(buf: Uint8Array, what: string) {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new FormatError(`${what}: not an IDX file (bad magic)`);
  const type = TYPES[buf[2]];
  const ndim = buf[3];
  if (!type) throw new FormatError(`${what}: unknown IDX data type 0x${buf[2].toString(16)}`);
  if (ndim === 0 || buf.length < 4 + 4 * ndim) throw new FormatError(`${what}: truncated IDX header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const start = 4 + 4 * ndim;
  const bytes = shape.reduce((a, b) => a * b, 1) * type.bytes;
  if (bytes > MAX_IDX_BYTES) {
    throw new FormatError(
      `${what}: header says ${shape.join('×')} values (${bytes} bytes), more than ${MAX_IDX_BYTES}`,
    );
  }
  return { type, shape, start, size: start + bytes };
}

function inflate(bytes: Uint8Array, what: string, finishFlush?: number, max?: number): Uint8Array {
  try {
    return gunzipSync(bytes, {
      ...(finishFlush === undefined ? {} : { finishFlush }),
      ...(max ? { maxOutputLength: max } : {}),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FormatError(`${what}: the gzip data inflates past the ${max} bytes its IDX header promises`);
    }
    throw new FormatError(`${what}: corrupt gzip data (${(e as Error).message})`);
  }
}

/** Reads one IDX file (raw or gzip): a regular file, bounded. */
export function readIdx(path: string): { shape: number[]; data: Float64Array | Uint8Array } {
  return parseIdx(readRegularFile(path, 'IDX data', MAX_IDX_BYTES + 1024, FormatError), path);
}

function findFile(dir: string, stem: string): string {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    throw new FormatError(`--data ${quote(dir)}: cannot open the directory (${(e as NodeJS.ErrnoException).code})`);
  }
  if (!isDir) throw new FormatError(`--data ${quote(dir)}: not a directory`);
  for (const name of [stem, `${stem}.gz`]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new FormatError(`${dir}: no ${stem} or ${stem}.gz (expected the MNIST file layout)`);
}

/** Images as floats in [0, 1], samples of [rows·cols] or (`asImages`) [rows, cols, 1], with their labels. */
function loadPair(dir: string, images: string, labels: string, asImages: boolean): Dataset {
  const img = readIdx(findFile(dir, images));
  const lab = readIdx(findFile(dir, labels));
  if (img.shape.length !== 3)
    throw new FormatError(`${images}: expected 3 dimensions (n, rows, cols), found ${img.shape.length}`);
  if (lab.shape.length !== 1 || lab.shape[0] !== img.shape[0]) {
    throw new FormatError(`${labels}: expected ${img.shape[0]} labels, found shape [${lab.shape.join(', ')}]`);
  }
  const width = img.shape[1] * img.shape[2];
  const out = new Float32Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = img.data[i] / 255;
  const sample = asImages ? [img.shape[1], img.shape[2], 1] : [width];
  return { images: out, labels: Int32Array.from(lab.data), rows: img.shape[0], sample };
}

/**
 * A directory in the MNIST layout: train-/t10k- images-idx3-ubyte and labels-idx1-ubyte, raw or
 * .gz; `images`: samples of [rows, cols, 1] for a conv net.
 */
export function loadIdxDir(dir: string, images = false): { train: Dataset; test: Dataset } {
  return {
    train: loadPair(dir, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte', images),
    test: loadPair(dir, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', images),
  };
}
