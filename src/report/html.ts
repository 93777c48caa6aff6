// One self-contained HTML page: sections of text, tables and inline SVG charts, a small
// stylesheet, nothing fetched (a report opens offline, from a file or an e-mail).

export interface Table {
  head: string[];
  rows: (string | number)[][];
}

export interface Section {
  title: string;
  /** Paragraphs, plain text. */
  text?: string[];
  table?: Table;
  /** Rendered SVG charts (charts.ts renderSvg). */
  charts?: string[];
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A number as a table shows it: integers with separators, others to 4 significant digits. */
export function cell(v: string | number): string {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return Number.isInteger(v) ? v.toLocaleString('en-US') : Number(v.toPrecision(4)).toLocaleString('en-US');
}

function table(t: Table): string {
  const head = t.head.map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((v) => `<td>${esc(cell(v))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** The page: a title, a line under it (what ran, where, when), then the sections. */
export function reportHtml(title: string, subtitle: string, sections: Section[]): string {
  const body = sections
    .map((s) =>
      [
        `<section><h2>${esc(s.title)}</h2>`,
        ...(s.text ?? []).map((p) => `<p>${esc(p)}</p>`),
        s.table ? table(s.table) : '',
        ...(s.charts ?? []).map((svg) => `<figure class="chart">${svg}</figure>`),
        '</section>',
      ].join('\n'),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin-bottom: 0.2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.sub { color: #666; } table { border-collapse: collapse; margin: 0.5rem 0; }
td, th { padding: 2px 10px; border-bottom: 1px solid #e4e4e4; text-align: right; } th { background: #f6f6f6; }
td:first-child, th:first-child { text-align: left; }
figure.chart { display: inline-block; margin: 0.5rem 1rem 0.5rem 0; }
</style>
<h1>${esc(title)}</h1>
<p class="sub">${esc(subtitle)}</p>
${body}
</html>
`;
}
