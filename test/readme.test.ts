// Every ```js (ES module) and ```cjs (CommonJS) example in README.md runs as written
// (against the built package), and prints what its `// value` comments say.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const blocks = [...readme.matchAll(/```(js|cjs)\n([\s\S]*?)```/g)].map((m) => ({
  ext: m[1] === 'js' ? 'mjs' : 'cjs',
  code: m[2],
}));

test('README has runnable examples', () => {
  assert.ok(blocks.length > 0);
});

blocks.forEach(({ ext, code }, i) => {
  test(`README example ${i + 1} (${ext}) runs and prints what it says`, () => {
    const file = `${root}.readme-example-${i}.${ext}`;
    writeFileSync(file, code);
    try {
      const r = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: root });
      assert.is(r.status, 0, r.stderr);
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1].trim());
      const printed = r.stdout
        .trim()
        .split('\n')
        .map((s) => s.trim());
      assert.equal(printed, expected);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

test.run();
