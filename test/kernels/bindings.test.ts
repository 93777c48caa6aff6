// The TypeScript binding (src/kernels.ts) against the compiler's own declaration of the
// module's exports (build/simdnet.d.ts, asc --bindings raw) and the module itself: every
// export is bound with the same parameters, and every binding is exported.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { wasmModule } from '../../src/wasm.js';

const clean = (params: string) => params.replace(/\s+/g, ' ').trim().replace(/,$/, '');
const signatures = (text: string, pattern: RegExp) =>
  new Map([...text.matchAll(pattern)].map((m) => [m[1], clean(m[2])]));
const declared = signatures(
  readFileSync(new URL('../../build/simdnet.d.ts', import.meta.url), 'utf8'),
  /export function (\w+)\(([^)]*)\): \w+;/g,
);
const bound = signatures(
  ['kernels.ts', 'kernels-layers.ts']
    .map((f) => readFileSync(new URL(`../../src/${f}`, import.meta.url), 'utf8'))
    .join('\n'),
  /^ {2}(\w+)\(([^)]*)\): \w+;/gm,
);

test('every export is bound with its parameters, and every binding is an export', () => {
  assert.ok(declared.size > 80, `read ${declared.size} declarations`);
  for (const [name, params] of declared) assert.is(bound.get(name), params, `kernel ${name}`);
  for (const name of bound.keys())
    assert.ok(declared.has(name), `src/kernels.ts binds ${name}, which assembly/ does not export`);
});

test('the loaded module exports exactly the declared functions, with their arity', () => {
  const exported = WebAssembly.Module.exports(wasmModule())
    .filter((e) => e.kind === 'function')
    .map((e) => e.name);
  assert.equal([...exported].sort(), [...declared.keys()].sort());
  const instance = new WebAssembly.Instance(wasmModule(), {
    env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 32768, shared: true }), abort() {} },
  });
  for (const [name, params] of declared) {
    const fn = instance.exports[name] as (...a: unknown[]) => unknown;
    assert.is(fn.length, params ? params.split(',').length : 0, `${name} arity`);
  }
});

test.run();
