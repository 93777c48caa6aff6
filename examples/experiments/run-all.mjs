// Runs every experiment of `simdnet experiment` at full scale on two threads, keeping each
// report (examples/experiments/NAME.html is not kept: reports go to a temporary folder) and
// its first chart as examples/experiments/NAME.svg for the README; prints the findings.
// `node examples/experiments/run-all.mjs [NAME ...]` (after `npm run build:ts`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const ALL = [
  'gradient-descent',
  'activations',
  'regularization',
  'dropout',
  'initialization',
  'batch-size',
  'universal-approximation',
  'ensembles',
  'cnn-vs-mlp',
  'lstm-vs-gcnn',
];
const dir = mkdtempSync(join(tmpdir(), 'simdnet-experiments-'));
for (const name of process.argv.length > 2 ? process.argv.slice(2) : ALL) {
  const report = join(dir, `${name}.html`);
  const r = spawnSync(process.execPath, [bin, 'experiment', name, '--workers', '2', '--report', report], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(`${name} failed:\n${r.stderr}`);
    process.exitCode = 1;
    continue;
  }
  const svg = /<svg[\s\S]*?<\/svg>/.exec(readFileSync(report, 'utf8'))[0];
  writeFileSync(join(here, `${name}.svg`), svg);
  console.log(
    `## ${name}\n${r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('  …'))
      .join('\n')}`,
  );
}
console.log(`reports: ${dir}`);
