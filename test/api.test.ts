// The public surface is deliberate: the shipped declarations (dist/*.d.ts, internals
// stripped) must match the API report test/api/simdnet.api.md. After a deliberate change,
// `npm run api` rewrites the report; commit it with the change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;

test('the declarations match the API report', () => {
  const r = spawnSync('npx', ['api-extractor', 'run', '-c', 'test/api/api-extractor.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.is(
    r.status,
    0,
    `the public API changed; run npm run api and commit test/api/simdnet.api.md\n${out.slice(-2000)}`,
  );
});

test('internals are not published: no pointer-based or pool members in the report', () => {
  const report = readFileSync(new URL('api/simdnet.api.md', import.meta.url), 'utf8');
  const sequential = report.slice(
    report.indexOf('export class Sequential'),
    report.indexOf('\n}\n', report.indexOf('export class Sequential')),
  );
  for (const internal of [
    'arena',
    'pool',
    'session',
    'sessionFor',
    'useArena',
    'skipInitialization',
    'busy',
    'requireCompiled',
  ]) {
    assert.not.match(sequential, new RegExp(`\\b${internal}\\b`), `Sequential publishes ${internal}`);
  }
  assert.not.match(report, /LossInput|applyRange/, 'pointer-based Loss.compute / Optimizer.applyRange are published');
});

test.run();
