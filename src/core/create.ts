// A session on the main thread: its parameter, gradient and optimizer-slot blocks allocated
// (zeroed: the padding between parameters must read as 0 to every kernel) in the arena.
import type { Arena } from '../memory.js';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import { Session } from './session.js';
import { assemble } from './assemble.js';

export function createSession(
  arena: Arena,
  layers: readonly Layer[],
  inputShape: number[],
  loss: Loss | undefined,
  seed: number,
  slots: number,
): Session {
  const { size } = assemble(layers, inputShape, loss).layout;
  // Two regions of parameters | gradients | slots: the live one, and the one an update writes
  // its new values into (assembly/optimizers.ts); the session adopts it when they are finite.
  const floats = size * (2 + slots);
  const params = arena.alloc(floats, 'parameters, gradients, optimizer state');
  const mirror = arena.alloc(floats, 'parameters written by the next update');
  arena.k.fill(params, floats, 0);
  arena.k.fill(mirror, floats, 0);
  const grads = params + 4 * size;
  const slotBlock = params + 8 * size;
  return new Session(arena.k, layers, inputShape, loss, seed, {
    size,
    params,
    grads,
    slots: slotBlock,
    slotFloats: size * slots,
    other: mirror - params,
  });
}

/** Draws every parameter from its initializer; stream 1 + 16·layer + index keeps draws independent of the layout. */
export function initializeParams(s: Session): void {
  for (const e of s.layout.entries) {
    const j = s.layers[e.layer].params.indexOf(e.param);
    e.param.initializer.init(s.k, s.block.params + 4 * e.offset, e.param.shape, s.seed, 1 + 16 * e.layer + j);
  }
}
