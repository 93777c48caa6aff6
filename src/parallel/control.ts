// The control block through which the main thread drives its workers each step, in
// shared memory: no message per step, only a few Int32 words and Atomics wait/notify.
export const CONTROL_WORDS = 16;

/** Word indices of the control block. */
export const SEQ = 0; // command counter: workers wait for it to change
export const CMD = 1; // the command
export const STEP = 2; // optimizer step of the minibatch
export const START = 3; // its first index in the epoch's order
export const ROWS = 4; // its rows
export const THREADS = 5; // threads computing chunks, the main thread included
export const DONE = 6; // workers finished with the current command
export const ROUND = 7; // round of chunks (RUN, REDUCE)
// The live region of parameters and slots, and the distance to the other (core/session.ts)
export const PARAMS = 8;
export const SLOTS = 9;
export const OTHER = 10;

export const RUN = 1; // compute your chunk of the round
export const STOP = 2;
export const REDUCE = 3; // add the round's chunk gradients into your parameter range, check them
export const UPDATE = 4; // apply the optimizer to your parameter range

/** Per chunk, the doubles written back: loss share, activity penalty, correct predictions. */
export const RESULT_DOUBLES = 3;

/**
 * The float64 results area: RESULT_DOUBLES per chunk, then the learning rate of the update,
 * then per thread a finiteness flag (REDUCE) and a penalty (UPDATE).
 */
export function resultsLayout(chunks: number, threads: number) {
  const lr = chunks * RESULT_DOUBLES;
  return { lr, finite: lr + 1, penalty: lr + 1 + threads, doubles: lr + 1 + 2 * threads };
}

/**
 * Spins while `busy()` holds, at most `ms` milliseconds. The clock is read once every 1,024
 * checks: read on every check, it allocated a number each time — a worker's garbage, and a
 * collection every ~90 steps of the reference MLP, came from nothing else.
 */
export function spinWhile(busy: () => boolean, ms: number): void {
  const until = performance.now() + ms;
  for (let i = 1; busy(); i++) if ((i & 1023) === 0 && performance.now() >= until) return;
}

/**
 * Blocks until SEQ moves past `seen` and returns it: spins `spinMs` first (a command usually
 * follows within microseconds), then sleeps. A wake-up is not a command: the main thread's
 * notify can come late — after a spinning thread already saw SEQ move, handled the command
 * and went to sleep — and handling that wake-up as a new command would count it done twice.
 */
export function nextCommand(ctrl: Int32Array, seen: number, spinMs: number): number {
  spinWhile(() => Atomics.load(ctrl, SEQ) === seen, spinMs);
  let seq = Atomics.load(ctrl, SEQ);
  while (seq === seen) {
    Atomics.wait(ctrl, SEQ, seen);
    seq = Atomics.load(ctrl, SEQ);
  }
  return seq;
}

/**
 * Writes a command and what it needs (the step's place, the round, the live and the other
 * region of the parameters) into the control block, then moves SEQ and wakes the workers.
 */
export function issueCommand(
  ctrl: Int32Array,
  cmd: number,
  job: { step: number; start: number; rows: number } | undefined,
  round: number,
  threads: number,
  region: { params: number; slots: number; other: number },
): void {
  if (job) {
    ctrl[STEP] = job.step;
    ctrl[START] = job.start;
    ctrl[ROWS] = job.rows;
  }
  ctrl[THREADS] = threads;
  ctrl[ROUND] = round;
  ctrl[PARAMS] = region.params;
  ctrl[SLOTS] = region.slots;
  ctrl[OTHER] = region.other;
  Atomics.store(ctrl, CMD, cmd);
  Atomics.store(ctrl, DONE, 0);
  Atomics.add(ctrl, SEQ, 1);
  Atomics.notify(ctrl, SEQ);
}
