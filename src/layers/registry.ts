// The layer registry: class name → factory from a config (getConfig's output).
import { Registry } from '../registry.js';
import type { Layer } from './layer.js';

export const layers = new Registry<(config: Record<string, unknown>) => Layer>('layer');

/** A layer from a name and config, as getConfig() wrote it: {className: 'Dense', config: {units: 3}}. */
export function deserializeLayer(spec: { className: string; config?: Record<string, unknown> }, what = 'layer'): Layer {
  return layers.get(spec?.className, what)(spec.config ?? {});
}
