// Charts as Vega-Lite specs rendered to SVG by Vega, headless (no browser, no canvas). Why
// Vega-Lite: a chart is a small declarative spec (data, mark, encodings) rather than drawing
// code, and Vega renders the same SVG in Node as in a page. Optional peer dependencies: only
// simdnet/report and the CLI's --report and experiments load them, and say how to install them.
import { IOError } from '../errors.js';

/** One point of a line or scatter chart; `series` names its line. */
export interface Point {
  x: number;
  y: number;
  series: string;
}

export interface LineChart {
  title: string;
  x: string;
  y: string;
  points: Point[];
  /** Axis scales: log base 2 (batch sizes, widths) or log base 10. */
  logX?: 2 | 10;
  logY?: 2 | 10;
  /** Draw points only (a scatter), or lines with points (default). */
  marks?: 'line' | 'points' | 'line-only';
  width?: number;
  height?: number;
}

export interface HistogramChart {
  title: string;
  x: string;
  /** Values per series (one small chart per series, side by side). */
  values: { series: string; value: number }[];
  bins?: number;
}

export interface BarChart {
  title: string;
  x: string;
  y: string;
  bars: { label: string; value: number; series?: string }[];
}

type Spec = Record<string, unknown>;

const scale = (log?: 2 | 10) => (log ? { type: 'log', base: log } : { zero: false });

export function lineSpec(c: LineChart): Spec {
  const mark =
    c.marks === 'points' ? { type: 'point', filled: true, size: 24 } : { type: 'line', point: c.marks !== 'line-only' };
  return {
    title: c.title,
    width: c.width ?? 420,
    height: c.height ?? 220,
    data: { values: c.points },
    mark,
    encoding: {
      x: { field: 'x', type: 'quantitative', title: c.x, scale: scale(c.logX) },
      y: { field: 'y', type: 'quantitative', title: c.y, scale: scale(c.logY) },
      color: { field: 'series', type: 'nominal', title: null, sort: null },
    },
  };
}

export function histogramSpec(c: HistogramChart): Spec {
  return {
    title: c.title,
    data: { values: c.values },
    mark: 'bar',
    width: 160,
    height: 110,
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: c.bins ?? 40 }, title: c.x },
      y: { aggregate: 'count', type: 'quantitative', title: 'count' },
      facet: { field: 'series', type: 'nominal', title: null, columns: 4, sort: null },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}

export function barSpec(c: BarChart): Spec {
  return {
    title: c.title,
    width: 420,
    height: { step: 16 },
    data: { values: c.bars },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', title: c.x, sort: null },
      x: { field: 'value', type: 'quantitative', title: c.y },
      ...(c.bars.some((b) => b.series) ? { color: { field: 'series', type: 'nominal', title: null } } : {}),
    },
  };
}

type Vega = {
  View: new (runtime: unknown, o: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
  parse(spec: unknown): unknown;
};
type VegaLite = { compile(spec: unknown): { spec: unknown } };
let libs: Promise<{ vega: Vega; vl: VegaLite }> | undefined;

async function load(): Promise<{ vega: Vega; vl: VegaLite }> {
  libs ??= Promise.all([import('vega'), import('vega-lite')]).then(
    ([vega, vl]) => ({ vega: vega as unknown as Vega, vl: vl as unknown as VegaLite }),
    (e: Error) => {
      libs = undefined;
      throw new IOError(
        "simdnet's charts need the packages vega and vega-lite (npm install vega vega-lite): " +
          e.message.split('\n')[0],
      );
    },
  );
  return libs;
}

/** Renders a Vega-Lite spec (from lineSpec, histogramSpec, barSpec, or your own) to an SVG string. */
export async function renderSvg(spec: Spec): Promise<string> {
  const { vega, vl } = await load();
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...spec };
  const view = new vega.View(vega.parse(vl.compile(full).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
