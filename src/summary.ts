// The text of Sequential.summary(): one row per layer, as Keras prints it.
import type { Layer } from './layers/layer.js';
import { fmtShape } from './errors.js';

export function summaryText(name: string, layers: readonly Layer[]): string {
  const rows: string[][] = [['Layer (type)', 'Output Shape', 'Param #']];
  for (const l of layers) {
    const shape = l.built ? `[null, ${l.outputShape.join(', ')}]` : '? (not built)';
    rows.push([`${l.name} (${l.className})`, shape, String(l.countParams())]);
  }
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)) + 2);
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0));
  const input = layers[0]?.built ? fmtShape(layers[0].inputShape) : '?';
  return [
    `Model: "${name}" (input ${input})`,
    rule,
    line(rows[0]),
    rule,
    ...rows.slice(1).map(line),
    rule,
    `Total params: ${layers.reduce((a, l) => a + l.countParams(), 0)}`,
  ].join('\n');
}
