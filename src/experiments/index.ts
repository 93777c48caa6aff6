// The experiments `simdnet experiment NAME` runs, and the report of one.
import { ValueError, quote } from '../errors.js';
import { renderSvg } from '../report/charts.js';
import { reportHtml, cell } from '../report/html.js';
import type { Experiment, Outcome } from './experiment.js';
import { gradientDescent } from './gradient-descent.js';
import { activationsExperiment } from './activations.js';
import { regularization } from './regularization.js';
import { dropout } from './dropout.js';
import { initialization } from './initialization.js';
import { batchSize } from './batch-size.js';
import { universalApproximation } from './universal-approximation.js';
import { ensembles } from './ensembles.js';
import { cnnVsMlp } from './cnn-vs-mlp.js';
import { lstmVsGcnn } from './lstm-vs-gcnn.js';

export const EXPERIMENTS: readonly Experiment[] = [
  gradientDescent,
  activationsExperiment,
  regularization,
  dropout,
  initialization,
  batchSize,
  universalApproximation,
  ensembles,
  cnnVsMlp,
  lstmVsGcnn,
];

export function experimentNamed(name: string | undefined): Experiment {
  const e = EXPERIMENTS.find((x) => x.name === name);
  if (!e) {
    const names = EXPERIMENTS.map((x) => x.name).join(', ');
    throw new ValueError(`experiment: expected one of ${names}, received ${quote(name)}`);
  }
  return e;
}

/** The experiment's page: the claim, what the data show, the table, the charts. */
export async function experimentReport(
  e: Experiment,
  outcome: Outcome,
  seconds: number,
  where: string,
): Promise<string> {
  const charts = await Promise.all(outcome.charts.map(renderSvg));
  return reportHtml(`simdnet experiment: ${e.title}`, `${where} · ${seconds.toFixed(1)} s`, [
    { title: 'The claim', text: [e.claim] },
    { title: 'What the data show', text: outcome.findings },
    { title: 'Measurements', table: outcome.table, charts },
  ]);
}

/** The outcome's table as aligned text, for a terminal. */
export function tableText(outcome: Outcome): string {
  const { head, rows } = outcome.table;
  const cells = [head, ...rows.map((r) => r.map(cell))];
  const widths = head.map((_, c) => Math.max(...cells.map((r) => String(r[c] ?? '').length)));
  return cells.map((r) => r.map((v, c) => String(v ?? '').padEnd(widths[c])).join('  ')).join('\n');
}
