// Data entering a session: checked against the network, then copied into the arena where
// the kernels read it. Main thread only (workers read what was staged here).
import type { Arena } from '../memory.js';
import type { Loss } from '../losses.js';
import type { Session } from './session.js';
import { toMatrix, toTargets, oneHot, assertFinite, type Input, type Matrix, type Targets } from '../data.js';
import { ShapeError, fmtShape } from '../errors.js';

/** x as rows of the network's input width (values are checked when staged). */
export function inputRows(s: Session, x: Input, what: string): Matrix {
  const m = toMatrix(x, what, false);
  const first = s.layers[0];
  if (m.width !== first.inputSize) {
    throw new ShapeError(
      `${what}: ${first.className}(${first.name}) expects samples of shape ${fmtShape(first.inputShape)} ` +
        `(${first.inputSize} values), ` +
        `received data of shape ${fmtShape([m.rows, ...m.sample])}`,
    );
  }
  first.checkInput(m.data, m.width, what);
  return m;
}

/** Targets for the loss: class indices only where the loss kernel takes them. */
export function targetRows(s: Session, loss: Loss, y: Input, rows: number, what: string): Targets {
  const t = toTargets(y, s.classes, s.steps, loss.sparseLabels, what);
  if (t.rows !== rows) throw new ShapeError(`${what}: x has ${rows} samples but y has ${t.rows}`);
  if (t.sparse && !loss.indicesUsable(s.fusedLayer >= 0))
    return { sparse: false, data: oneHot(t.data, s.classes), rows };
  return t;
}

/** Copies data into the arena; returns its offset. */
export function stage(arena: Arena, data: Float32Array | Int32Array, what: string): number {
  const ptr = arena.alloc(data.length, what);
  (data instanceof Int32Array ? arena.i32 : arena.f32).set(data, ptr >> 2);
  return ptr;
}

/**
 * Copies input rows into the arena and checks there that they are finite: one SIMD pass,
 * where a JS scan costs ~3 ns a value. `row0` numbers the rows of a slice (validationSplit) as in the whole set.
 */
export function stageInput(arena: Arena, m: Matrix, what: string, label: string, row0 = 0): number {
  const ptr = stage(arena, m.data, label);
  if (!arena.k.all_finite(ptr, m.data.length)) assertFinite(m.data, m.width, what, row0);
  return ptr;
}
