// A piscina task that waits for commands as a serving worker does (control.ts nextCommand)
// and returns the SEQ of each one it would handle, up to the STOP command.
import { nextCommand, CMD, STOP } from '../../src/parallel/control.js';

export default function waitForCommands(buffer: SharedArrayBuffer): number[] {
  const ctrl = new Int32Array(buffer);
  const handled: number[] = [];
  let seen = 0;
  do {
    seen = nextCommand(ctrl, seen, 0);
    handled.push(seen);
  } while (Atomics.load(ctrl, CMD) !== STOP);
  return handled;
}
