// SVG charts of benchmark results, drawn by Vega-Lite compiled to Vega and rendered headless
// (no browser, no canvas): a declarative spec per chart instead of hand-placed SVG, from a
// library that is well kept and renders the same SVG in Node as in a page.
import { writeFileSync, mkdirSync } from 'node:fs';

export interface Point {
  x: number;
  y: number;
  series: string;
}

export interface ChartSpec {
  title: string;
  x: string;
  y: string;
  /** log₂ x axis (batch sizes, widths). */
  logX?: boolean;
  points: Point[];
}

/** Renders a line chart (one line per series, points marked) and writes it as `file`; returns the SVG. */
export async function lineChart(file: URL, spec: ChartSpec): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const lite = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: spec.title,
    width: 420,
    height: 220,
    data: { values: spec.points },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: spec.x, scale: spec.logX ? { type: 'log', base: 2 } : {} },
      y: { field: 'y', type: 'quantitative', title: spec.y },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
  const view = new vega.View(vega.parse(vl.compile(lite as never).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  mkdirSync(new URL('.', file), { recursive: true });
  writeFileSync(file, svg);
  return svg;
}
