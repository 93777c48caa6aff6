// The layer registry: class name → factory from a config (getConfig's output), and the
// tiny example models the shared tests build with every registered layer.
import { Registry } from '../registry.js';
import type { Layer } from './layer.js';

/** A configuration a test can build the layer from, and an input shape it accepts. */
export interface LayerExample {
  config: Record<string, unknown>;
  inputShape: number[];
  /** The layer takes integer ids below this (an Embedding), not arbitrary floats. */
  ids?: number;
}

export interface LayerEntry {
  create: (config: Record<string, unknown>) => Layer;
  examples: LayerExample[];
}

export class LayerRegistry extends Registry<LayerEntry> {
  /** Registers a layer class; `examples` feed the tests that cover every layer (determinism, round trips). */
  override register(
    name: string,
    create: LayerEntry['create'] | LayerEntry,
    meta: { examples?: LayerExample[] } = {},
  ): void {
    super.register(name, typeof create === 'function' ? { create, examples: meta.examples ?? [] } : create);
  }
}

export const layers = new LayerRegistry('layer');

/** A layer from a name and config, as getConfig() wrote it: {className: 'Dense', config: {units: 3}}. */
export function deserializeLayer(spec: { className: string; config?: Record<string, unknown> }, what = 'layer'): Layer {
  return layers.get(spec?.className, what).create(spec?.config ?? {});
}
