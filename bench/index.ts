// `npm run bench`: every benchmark, simdnet and its peers, in one process; then a markdown
// table to paste into bench/RESULTS.md. Run it with nothing else running on the machine.
// `npm run bench -- --only simdnet` skips the peers.
import { machineInfo, type Row } from './machine.js';
import { gemmBench } from './gemm.bench.js';
import { trainBench } from './train.bench.js';
import { coldStartBench } from './coldstart.bench.js';

const onlyOurs = process.argv.includes('--only') && process.argv.includes('simdnet');
const rows: Row[] = [...(await gemmBench()), ...(await trainBench()), ...(await coldStartBench())];
if (!onlyOurs) rows.push(...(await (await import('./peers.bench.js')).peersBench()));

const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const lowerIsBetter = (unit: string) => unit === 'µs' || unit === 'ms' || unit === 'MiB' || unit === 'KiB';

console.log(`\n### ${machineInfo()}\n`);
console.log('| benchmark | library | result | simdnet vs this |');
console.log('| --- | --- | ---: | ---: |');
for (const r of rows) {
  const ours = rows.find((o) => o.lib === 'simdnet' && o.bench === r.bench && o.unit === r.unit);
  const ratio = ours && r.lib !== 'simdnet' ? (lowerIsBetter(r.unit) ? r.value / ours.value : ours.value / r.value) : undefined;
  console.log(`| ${r.bench} | ${r.lib}${r.note ? ` (${r.note})` : ''} | ${fmt(r.value)} ${r.unit} | ${ratio ? `${ratio.toFixed(1)}×` : ''} |`);
}
