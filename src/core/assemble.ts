// Where a network is put together: every layer built for the shape the one before gives,
// and the loss's claim on the last activation decided. Only the Session calls it.
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import { layoutParams, type ParamLayout } from './layout.js';
import { ShapeError, fmtShape } from '../errors.js';

/**
 * Builds every layer for samples of `inputShape` (checking shapes that were built before)
 * and decides which layer's output activation the loss takes over.
 */
export function assemble(
  layers: readonly Layer[],
  inputShape: number[],
  loss?: Loss,
): { layout: ParamLayout; fusedLayer: number } {
  let shape = inputShape;
  for (const l of layers) {
    if (!l.built) l.build(shape);
    else if (fmtShape(l.inputShape) !== fmtShape(shape)) {
      throw new ShapeError(
        `${l.className}(${l.name}): built for input ${fmtShape(l.inputShape)}, receives ${fmtShape(shape)}`,
      );
    }
    shape = l.outputShape;
  }
  const last = layers.length - 1;
  const fuses = loss?.fuses;
  const fusedLayer = fuses && layers[last].outputActivation() === fuses ? last : -1;
  return { layout: layoutParams(layers), fusedLayer };
}
