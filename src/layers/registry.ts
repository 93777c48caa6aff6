// The layer registry: class name → factory from a config (getConfig's output).
import { Registry } from '../registry.js';
import type { Layer } from './layer.js';

export const layers = new Registry<(config: Record<string, unknown>) => Layer>('layer');
