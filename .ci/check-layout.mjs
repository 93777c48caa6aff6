// Source layout rules the formatter cannot enforce: no line over 120 characters (strings and
// comments included, AssemblyScript too), no source file over 300 lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const MAX_COLUMNS = 120;
const MAX_LINES = 300;
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|mjs|js)$/.test(name) ? [p] : [];
  });
const problems = [];
for (const dir of ['assembly', 'src', 'test', 'bench', 'examples', '.ci']) {
  let files = [];
  try {
    files = walk(join(root, dir));
  } catch {
    continue; // a folder not there yet
  }
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const name = relative(root, file);
    lines.forEach((line, i) => {
      const columns = [...line].length;
      if (columns > MAX_COLUMNS) problems.push(`${name}:${i + 1}: ${columns} columns`);
    });
    if (dir === 'src' && lines.length > MAX_LINES) problems.push(`${name}: ${lines.length} lines`);
  }
}
if (problems.length) {
  console.error(`layout: ${problems.length} problem(s) (max ${MAX_COLUMNS} columns, ${MAX_LINES} lines a source file)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('layout: ok');
