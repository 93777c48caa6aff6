// `npm run bench`: every benchmark in one process, then a markdown table to paste
// into bench/RESULTS.md. Run it with nothing else running on the machine.
import { machineInfo, type Row } from './machine.js';
import { gemmBench } from './gemm.bench.js';
import { trainBench } from './train.bench.js';
import { coldStartBench } from './coldstart.bench.js';

const rows: Row[] = [...(await gemmBench()), ...(await trainBench()), ...(await coldStartBench())];

console.log(`\n### ${machineInfo()}\n`);
console.log('| benchmark | library | result |');
console.log('| --- | --- | ---: |');
for (const r of rows) {
  const v = r.value >= 100 ? Math.round(r.value).toLocaleString('en-US') : r.value.toFixed(1);
  console.log(`| ${r.bench} | ${r.lib}${r.note ? ` (${r.note})` : ''} | ${v} ${r.unit} |`);
}
