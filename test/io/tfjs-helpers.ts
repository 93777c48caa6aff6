// What the TensorFlow.js interop tests share: reading an exported directory as tfjs
// ModelArtifacts, capturing what tfjs-layers saves, and the float32 tolerance between the two.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** tfjs and simdnet sum in different orders: float32 rounding apart. */
export const close = (r: number) => 1e-5 + 1e-4 * Math.abs(r);

/** model.json and weights.bin of an exported directory as tfjs ModelArtifacts. */
export async function artifactsOf(out: string) {
  const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  const data = readFileSync(join(out, 'weights.bin'));
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
  };
}

/** What tfjs-layers writes when it saves `model`. */
export function savedArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  return new Promise((resolve) =>
    model.save(
      tf.io.withSaveHandler(async (art) => {
        resolve(art);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    ),
  );
}
