// simdnet in Cloudflare's runtime: workerd (the npm package's binary) serves a Worker built on
// the web bundle (workerd/worker.mjs) on 127.0.0.1. It predicts from a model saved by Node and
// trains on one thread, bit for bit as Node does, and `workers: 2` falls back to one thread
// with one warning instead of failing. The README's Worker runs there too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as simdnet from '../../src/index.js';
import { data, model, predictCase, trainCase } from './cases.mjs';
import { freePort, waitForHttp } from './serve.js';
import { readmeExample } from './readme.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'simdnet-workerd-'));
let workerd: ChildProcess | undefined;
let base = '';
let readmeBase = '';
let modelBytes: Uint8Array;
let log = '';

test.before(async () => {
  const m = model(simdnet);
  const { x, y } = data(simdnet);
  await m.fit(x, y, { epochs: 1, batchSize: 64 });
  modelBytes = simdnet.modelToBytes(m);
  writeFileSync(join(dir, 'model.simdnet'), modelBytes);
  const file = simdnet.backendInfo().build === 'relaxed-simd' ? 'simdnet.relaxed.wasm' : 'simdnet.wasm';
  copyFileSync(join(root, 'build', file), join(dir, 'simdnet.wasm'));
  await build({
    entryPoints: [join(root, 'test/runtimes/workerd/worker.mjs')],
    outfile: join(dir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    external: ['./simdnet.wasm', './model.simdnet'],
    logLevel: 'warning',
  });
  await build({
    stdin: { contents: readmeExample('worker.js'), resolveDir: root, loader: 'js' },
    outfile: join(dir, 'readme-worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd'],
    external: ['simdnet/simdnet.wasm', './model.simdnet'],
    logLevel: 'warning',
  });
  const [port, readmePort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'config.capnp'), config(port, readmePort));
  readmeBase = `http://127.0.0.1:${readmePort}`;
  workerd = spawn(join(root, 'node_modules/.bin/workerd'), ['serve', join(dir, 'config.capnp')], { cwd: dir });
  workerd.stdout!.on('data', (d) => (log += d));
  workerd.stderr!.on('data', (d) => (log += d));
  base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/`, () => log);
});

test.after(() => {
  workerd?.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string) {
  const r = await fetch(base + path);
  const text = await r.text();
  assert.is(r.status, 200, text.slice(0, 2000));
  return JSON.parse(text);
}

test('a Worker loads a model saved by Node and predicts the same bits', async () => {
  const r = await get('/predict');
  assert.is(r.build, simdnet.backendInfo().build);
  assert.is(r.bits, predictCase(simdnet, modelBytes));
});

test('a Worker trains on one thread to the same weights as Node', async () => {
  const r = await get('/train?workers=1');
  const node = await trainCase(simdnet, 1);
  assert.is(r.weights, node.weights);
  assert.is(r.loss, node.loss);
  assert.equal(r.warnings, []);
});

test('workers: 2 in a Worker (no threads there) trains on one thread, same weights, with one warning', async () => {
  const r = await get('/train?workers=2');
  assert.is(r.weights, (await trainCase(simdnet, 1)).weights);
  assert.is(r.warnings.length, 1, JSON.stringify(r.warnings));
  assert.match(r.warnings[0], /training on the main thread only: worker threads are unavailable/);
});

test("the README's Worker (worker.js) answers with Node's predictions", async () => {
  const x = Array.from({ length: 12 }, (_, i) => Math.cos(i) / 2);
  const r = await fetch(readmeBase, { method: 'POST', body: JSON.stringify(x) });
  const text = await r.text();
  assert.is(r.status, 200, text.slice(0, 2000));
  const node = simdnet.modelFromBytes(modelBytes).predict(simdnet.tensor(x, [1, 12]));
  assert.equal(JSON.parse(text), Array.from(node.data));
});

function config(port: number, readmePort: number): string {
  // A Worker of three modules: the script, the kernels (named as its import names them), the model.
  const worker = (script: string, wasm: string) => `(
  modules = [
    (name = "worker.js", esModule = embed "${script}"),
    (name = "${wasm}", wasm = embed "simdnet.wasm"),
    (name = "model.simdnet", data = embed "model.simdnet"),
  ],
  compatibilityDate = "2026-11-01",
)`;
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker), (name = "readme", worker = .readme)],
  sockets = [
    (name = "http", address = "127.0.0.1:${port}", http = (), service = "main"),
    (name = "readme", address = "127.0.0.1:${readmePort}", http = (), service = "readme"),
  ],
);
const readme :Workerd.Worker = ${worker('readme-worker.js', 'simdnet/simdnet.wasm')};
const worker :Workerd.Worker = ${worker('worker.js', 'simdnet.wasm')};
`;
}

test.run();
