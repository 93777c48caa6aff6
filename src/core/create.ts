// A session on the main thread: its parameter, gradient and optimizer-slot blocks allocated
// (zeroed: the padding between parameters must read as 0 to every kernel) in the arena.
import type { Arena } from '../memory.js';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import { assemble, Session } from './session.js';

export function createSession(
  arena: Arena,
  layers: readonly Layer[],
  inputShape: number[],
  loss: Loss | undefined,
  seed: number,
  slots: number,
): Session {
  const { size } = assemble(layers, inputShape, loss).layout;
  const params = arena.alloc(size, 'parameters');
  const grads = arena.alloc(size, 'gradients');
  const slotBlock = arena.alloc(size * slots, 'optimizer state');
  for (const [p, n] of [
    [params, size],
    [grads, size],
    [slotBlock, size * slots],
  ])
    arena.k.fill(p, n, 0);
  return new Session(arena.k, layers, inputShape, loss, seed, { size, params, grads, slots: slotBlock });
}

/** Draws every parameter from its initializer; stream 1 + 16·layer + index keeps draws independent of the layout. */
export function initializeParams(s: Session): void {
  for (const e of s.layout.entries) {
    const j = s.layers[e.layer].params.indexOf(e.param);
    e.param.initializer.init(s.k, s.block.params + 4 * e.offset, e.param.shape, s.seed, 1 + 16 * e.layer + j);
  }
}
