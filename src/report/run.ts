// A report on one model and its training run: the history (loss, metrics, validation,
// learning rate), a histogram of every parameter tensor, and each layer's activations on
// some input. Sections for reportHtml; runReport puts them on a page.
import type { Sequential } from '../model.js';
import type { Callback, CallbackModel, History } from '../fit-types.js';
import type { Input } from '../data.js';
import { renderSvg, lineSpec, histogramSpec, barSpec, type Point } from './charts.js';
import { reportHtml, type Section } from './html.js';
import { layerOutputs, stats } from './activations.js';

export interface RunReportArgs {
  /** What fit returned. */
  history?: History;
  /** The learning rate at the end of each epoch (learningRateLog().values). */
  learningRates?: number[];
  /** Inputs to show activations on (the first `sample` rows are used; default 256). */
  x?: Input;
  sample?: number;
  title?: string;
  /** Paragraphs above the charts. */
  notes?: string[];
}

/** Up to `max` values of an array, evenly spaced: histograms need a sample, not millions. */
export function spread(values: ArrayLike<number>, max = 2000): number[] {
  const step = Math.max(1, values.length / max);
  const out: number[] = [];
  for (let i = 0; i < values.length; i += step) out.push(values[Math.floor(i)]);
  return out;
}

/**
 * A callback recording the optimizer's learning rate at the end of every epoch (schedules and
 * reduceLROnPlateau change it): pass it to fit, then its `values` to runReport.
 */
export function learningRateLog(): Callback & { values: number[] } {
  let model: CallbackModel | undefined;
  const log = {
    values: [] as number[],
    setModel(m: CallbackModel) {
      model = m;
    },
    onEpochEnd() {
      const lr = model?.optimizer?.currentLearningRate();
      if (lr !== undefined) log.values.push(lr);
    },
  };
  return log;
}

function historySection(h: History, rates: number[] | undefined): Promise<Section> {
  const series = (keys: string[]) =>
    keys.flatMap((k) => (h.history[k] ?? []).map((y, i): Point => ({ x: h.epoch[i] + 1, y, series: k })));
  const keys = Object.keys(h.history);
  const losses = keys.filter((k) => /loss$/.test(k));
  const metrics = keys.filter((k) => !/loss$/.test(k));
  const charts = [lineSpec({ title: 'Loss per epoch', x: 'epoch', y: 'loss', points: series(losses) })];
  if (metrics.length)
    charts.push(lineSpec({ title: 'Metrics per epoch', x: 'epoch', y: 'value', points: series(metrics) }));
  if (rates?.length) {
    const points = rates.map((y, i): Point => ({ x: (h.epoch[i] ?? i) + 1, y, series: 'learning rate' }));
    charts.push(lineSpec({ title: 'Learning rate at the end of each epoch', x: 'epoch', y: 'learning rate', points }));
  }
  const last = h.epoch.length - 1;
  const text = [
    `${h.epoch.length} epochs; last: ${keys.map((k) => `${k} ${h.history[k][last]?.toPrecision(4)}`).join(', ')}.`,
  ];
  return Promise.all(charts.map(renderSvg)).then((svgs) => ({ title: 'Training history', text, charts: svgs }));
}

async function weightsSection(model: Sequential): Promise<Section> {
  const weights = model.getWeights();
  const names = model.layers.flatMap((l) => l.params.map((p) => `${l.name}/${p.name}`));
  const values = weights.flatMap((w, i) => spread(w.data).map((value) => ({ series: names[i], value })));
  const rows = weights.map((w, i) => {
    const s = stats(w.data);
    return [names[i], w.data.length, s.mean, s.std, s.zeros];
  });
  return {
    title: 'Parameters',
    table: { head: ['tensor', 'values', 'mean', 'std', 'share exactly 0'], rows },
    charts: [await renderSvg(histogramSpec({ title: 'Parameter values by tensor', x: 'value', values }))],
  };
}

async function activationsSection(model: Sequential, x: Input, sample: number): Promise<Section> {
  const outs = layerOutputs(model, x);
  const rows = outs.map((o, i) => {
    const n = Math.min(o.shape[0], sample) * (o.data.length / o.shape[0]);
    const s = stats(o.data.subarray(0, n));
    return { name: model.layers[i].name, ...s };
  });
  const bars = rows.map((r) => ({ label: r.name, value: r.std }));
  return {
    title: 'Activations',
    text: [`Each layer's output on ${Math.min(outs[0].shape[0], sample)} inputs (inference, dropout off).`],
    table: {
      head: ['layer', 'mean', 'std', 'share exactly 0', 'share |v| ≥ 0.99'],
      rows: rows.map((r) => [r.name, r.mean, r.std, r.zeros, r.saturated]),
    },
    charts: [
      await renderSvg(barSpec({ title: 'Standard deviation of each layer’s output', x: 'layer', y: 'std', bars })),
    ],
  };
}

/** The report's sections for a model (and its history and inputs, where given). */
export async function runSections(model: Sequential, args: RunReportArgs = {}): Promise<Section[]> {
  const sections: Section[] = [];
  if (args.notes?.length) sections.push({ title: 'Run', text: args.notes });
  if (args.history?.epoch.length) sections.push(await historySection(args.history, args.learningRates));
  sections.push(await weightsSection(model));
  if (args.x !== undefined) sections.push(await activationsSection(model, args.x, args.sample ?? 256));
  return sections;
}

/** One self-contained HTML page on a model and its run. */
export async function runReport(model: Sequential, args: RunReportArgs = {}): Promise<string> {
  const title = args.title ?? `simdnet report: ${model.name}`;
  const params = model.countParams().toLocaleString('en-US');
  const subtitle = `${params} parameters · ${new Date().toISOString().slice(0, 16)}`;
  return reportHtml(title, subtitle, await runSections(model, args));
}
