// The benchmarks' SVG charts: simdnet's own chart specs (src/report/charts.ts, Vega-Lite
// rendered headless by Vega), written into bench/charts/.
import { writeFileSync, mkdirSync } from 'node:fs';
import { lineSpec, renderSvg, type LineChart } from '../dist/report/charts.js';

export type { Point } from '../dist/report/charts.js';

/** Renders a line chart and writes it as `file`; returns the SVG. */
export async function lineChart(file: URL, chart: LineChart): Promise<string> {
  const svg = await renderSvg(lineSpec(chart));
  mkdirSync(new URL('.', file), { recursive: true });
  writeFileSync(file, svg);
  return svg;
}
