// The command line's reports: `simdnet train … --report FILE` and `simdnet experiment NAME`.
// Loaded only when asked for: the charts need the optional packages vega and vega-lite.
import { cpus } from 'node:os';
import type { Sequential } from './model.js';
import type { RunReportArgs } from './report/run.js';
import { writeFileAtomic } from './io/files.js';
import { int, num, type Values } from './cli-args.js';
import { ValueError } from './errors.js';

const where = () => `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;

export async function writeTrainReport(
  model: Sequential,
  args: RunReportArgs,
  path: string,
  out: (s: string) => void,
): Promise<void> {
  const { runReport } = await import('./report/run.js');
  await writeFileAtomic(path, new TextEncoder().encode(await runReport(model, args)));
  out(`report: ${path}`);
}

export async function runExperiment(name: string | undefined, values: Values, out: (s: string) => void): Promise<void> {
  const { experimentNamed, experimentReport, tableText } = await import('./experiments/index.js');
  const e = experimentNamed(name);
  const scale = values.scale === undefined ? 1 : num(values.scale as string, 'scale');
  if (!(scale > 0 && scale <= 1))
    throw new ValueError(`--scale: expected a number in (0, 1], received ${values.scale}`);
  const workers = values.workers === 'auto' ? 'auto' : int(values.workers as string, 'workers', 1);
  const path = (values.report as string | undefined) ?? `${e.name}.html`;
  out(`experiment ${e.name}: ${e.title}`);
  const started = performance.now();
  const outcome = await e.run({ scale, workers, progress: (line) => out(`  … ${line}`) });
  const seconds = (performance.now() - started) / 1000;
  out(tableText(outcome));
  for (const f of outcome.findings) out(f);
  const html = await experimentReport(e, outcome, seconds, where());
  await writeFileAtomic(path, new TextEncoder().encode(html));
  out(`report: ${path} (${seconds.toFixed(1)} s)`);
}
