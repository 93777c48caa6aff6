// The control block's wait: a wake-up without a new command is not a command.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Piscina } from 'piscina';
import { CONTROL_WORDS, SEQ, CMD, RUN, STOP, spinWhile } from '../../src/parallel/control.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function command(ctrl: Int32Array, cmd: number): void {
  Atomics.store(ctrl, CMD, cmd);
  Atomics.add(ctrl, SEQ, 1);
  Atomics.notify(ctrl, SEQ);
}

test('a notify that wakes a sleeping thread without moving SEQ is not taken for a command (late notify)', async () => {
  const ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const pool = new Piscina({ filename: new URL('./next-command.fixture.ts', import.meta.url).href, maxThreads: 1 });
  const handled = pool.run(ctrl.buffer) as Promise<number[]>;
  // As when the main thread is preempted between moving SEQ and notifying, so that a spinning
  // thread handled the command and went to sleep before the notify: the thread is asleep on
  // SEQ (notify says it woke one) and SEQ has not moved.
  for (let wakes = 0; wakes < 3; ) {
    if (Atomics.notify(ctrl, SEQ) === 1) wakes++;
    else await sleep(2);
  }
  command(ctrl, RUN);
  await sleep(20);
  command(ctrl, STOP);
  assert.equal(await handled, [1, 2], 'three wake-ups without a command, then RUN and STOP');
  await pool.destroy();
});

test('spinWhile stops when the condition ends, or after its time when it does not', () => {
  let checks = 0;
  spinWhile(() => ++checks < 5000, 1000);
  assert.is(checks, 5000); // ended by the condition, well before its second
  const t = performance.now();
  spinWhile(() => true, 5);
  const took = performance.now() - t;
  assert.ok(took >= 5 && took < 50, `spun ${took} ms for 5`);
});

test.run();
