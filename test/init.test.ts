// init(): loading the kernels without a file system — a compiled module, bytes, a URL or a
// Response; the build read off the module; bad sources are typed errors that change nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { init, backendInfo, ValueError, StateError, IOError } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const simd = readFileSync(`${root}build/simdnet.wasm`);

// A fresh process (nothing loaded yet) runs `code` against dist/index.js; its stdout.
function fresh(code: string): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('in Node init() is optional: without a source it only reports the build read from the package', async () => {
  const before = backendInfo();
  assert.equal(await init(), before);
});

test('init(bytes) before the first model: that build, trained with', () => {
  const code = `import { init, Sequential, Dense, tensor } from './dist/index.js';
import { readFileSync } from 'node:fs';
const info = await init(readFileSync('build/simdnet.wasm'));
const m = new Sequential(); m.add(new Dense({ units: 2, inputShape: [3] }));
m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
const h = await m.fit(tensor([1, 2, 3], [1, 3]), tensor([1, 0], [1, 2]), { epochs: 2 });
console.log(info.build, info.forced, h.history.loss.length);`;
  assert.is(fresh(code), 'simd true 2');
});

test('init(module) and init(Response): a compiled module is used as is, fetched bytes compiled', () => {
  const code = `import { init } from './dist/index.js';
import { readFileSync } from 'node:fs';
const bytes = readFileSync('build/simdnet.wasm');
const info = await init(new Response(bytes));
const again = await init(await WebAssembly.compile(bytes)).catch((e) => e.name);
console.log(info.build, again);`;
  // A second, different module once kernels are loaded is refused: models made with one
  // build and workers with another would not compute the same bits.
  assert.is(fresh(code), 'simd StateError');
});

test('bad sources: a typed error naming init and what was wrong; the loaded kernels stay', async () => {
  const before = backendInfo();
  const cases: [unknown, new (...a: never[]) => Error, RegExp][] = [
    [42, ValueError, /init: source must be a WebAssembly.Module, bytes, a URL or a Response, received 42/],
    [new Uint8Array([1, 2, 3]), ValueError, /init: source is not a WebAssembly module simdnet can compile/],
    [new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), ValueError, /init: source is not simdnet's kernel module/],
    ['file:///nonexistent/simdnet.wasm', IOError, /init: could not fetch the kernels from/],
    [new Response('missing', { status: 404 }), IOError, /gave HTTP 404/],
    [simd, StateError, /already loaded/],
  ];
  for (const [source, type, message] of cases) {
    const err = await init(source as never).catch((e: Error) => e);
    assert.instance(err, type, String(err));
    assert.match((err as Error).message, message);
  }
  assert.equal(backendInfo(), before);
});

test('the relaxed build where the runtime lacks relaxed SIMD: a ValueError saying which to pass', () => {
  if (backendInfo().relaxedSimdSupported) return; // Node ≥ 22 runs it
  const code = `import { init } from './dist/index.js';
import { readFileSync } from 'node:fs';
console.log(await init(readFileSync('build/simdnet.relaxed.wasm')).catch((e) => e.name + ': ' + e.message));`;
  assert.match(fresh(code), /ValueError: init: .*this runtime has no relaxed SIMD: for it, pass simdnet.wasm/);
});

test.run();
