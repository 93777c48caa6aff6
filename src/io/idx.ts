// IDX files (the MNIST / Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/):
// magic = 0x00 0x00 type ndim, then ndim big-endian u32 sizes, then the data
// big-endian. Gzipped files (1f 8b) are inflated first.
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { FormatError } from '../errors.js';
import type { Dataset } from './dataset.js';

const TYPES: Record<number, { bytes: number; read: (v: DataView, at: number) => number }> = {
  8: { bytes: 1, read: (v, at) => v.getUint8(at) },
  9: { bytes: 1, read: (v, at) => v.getInt8(at) },
  11: { bytes: 2, read: (v, at) => v.getInt16(at) },
  12: { bytes: 4, read: (v, at) => v.getInt32(at) },
  13: { bytes: 4, read: (v, at) => v.getFloat32(at) },
  14: { bytes: 8, read: (v, at) => v.getFloat64(at) },
};

/** Parses IDX bytes (raw or gzip); `what` names the source in errors. */
export function parseIdx(bytes: Uint8Array, what: string): { shape: number[]; data: Float64Array | Uint8Array } {
  let buf = bytes;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new FormatError(`${what}: corrupt gzip data (${(e as Error).message})`);
    }
  }
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new FormatError(`${what}: not an IDX file (bad magic)`);
  const type = TYPES[buf[2]];
  const ndim = buf[3];
  if (!type) throw new FormatError(`${what}: unknown IDX data type 0x${buf[2].toString(16)}`);
  if (ndim === 0 || buf.length < 4 + 4 * ndim) throw new FormatError(`${what}: truncated IDX header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * ndim;
  if (buf.length - start !== count * type.bytes) {
    throw new FormatError(
      `${what}: header says ${shape.join('×')} values (${count * type.bytes} bytes) but ${buf.length - start} ` +
        `bytes follow`,
    );
  }
  if (type.bytes === 1 && buf[2] === 0x08) return { shape, data: buf.subarray(start) };
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = type.read(view, start + i * type.bytes);
  return { shape, data };
}

/** Reads one IDX file (raw or gzip). */
export function readIdx(path: string): { shape: number[]; data: Float64Array | Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new FormatError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return parseIdx(bytes, path);
}

function findFile(dir: string, stem: string): string {
  for (const name of [stem, `${stem}.gz`]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new FormatError(`${dir}: no ${stem} or ${stem}.gz (expected the MNIST file layout)`);
}

/** Images as [n, rows·cols] floats in [0, 1] with their labels. */
function loadPair(dir: string, images: string, labels: string): Dataset {
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
  return { images: out, labels: Int32Array.from(lab.data), rows: img.shape[0], sample: [width] };
}

/** A directory in the MNIST layout: train-/t10k- images-idx3-ubyte and labels-idx1-ubyte, raw or .gz. */
export function loadIdxDir(dir: string): { train: Dataset; test: Dataset } {
  return {
    train: loadPair(dir, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
    test: loadPair(dir, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'),
  };
}
