// simdnet/report: charts and self-contained HTML reports of models, runs and experiments.
// Its own entry (not loaded by `simdnet` or `simdnet/infer`): it needs the optional peer
// dependencies vega and vega-lite.
export { renderSvg, lineSpec, histogramSpec, barSpec } from './report/charts.js';
export type { Point, LineChart, HistogramChart, BarChart } from './report/charts.js';
export { reportHtml, type Section, type Table } from './report/html.js';
export { runReport, runSections, spread, learningRateLog, type RunReportArgs } from './report/run.js';
export { layerOutputs, stats, type Stats } from './report/activations.js';
