// What `npm pack` ships and how each kind of user loads it: the file list, an executable
// bin, source maps with their sources, no `prepare` in the published manifest, CommonJS
// types for simdnet/infer, require('simdnet'), and a clear word where the debug build is absent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd: string, args: string[], cwd = root, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', env });

test('npm pack ships the license, the builds users load, CommonJS types, and source maps with their sources', () => {
  const r = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  assert.is(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
  for (const f of ['LICENSE', 'README.md', 'dist/bin.js', 'dist/require.cjs', 'dist/infer.cjs', 'dist/infer.d.cts']) {
    assert.ok(files.includes(f), `${f} is shipped`);
  }
  assert.ok(files.includes('build/simdnet.wasm') && files.includes('build/simdnet.relaxed.wasm'));
  assert.not.ok(files.some((f) => f.startsWith('dist/api-temp') || f.includes('debug.wasm') || f.endsWith('.tgz')));
  for (const map of files.filter((f) => f.endsWith('.js.map'))) {
    const m = JSON.parse(readFileSync(join(root, map), 'utf8'));
    assert.ok(Array.isArray(m.sourcesContent) && m.sourcesContent.every((s: unknown) => typeof s === 'string'), map);
  }
});

test('the published manifest has no prepare script; the repository keeps it', () => {
  const before = readFileSync(join(root, 'package.json'), 'utf8');
  try {
    assert.is(run('node', ['.ci/manifest.mjs', 'strip']).status, 0);
    const packed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.is(packed.scripts.prepare, undefined);
    assert.ok(packed.scripts.prepack.includes('npm run build'), 'prepack builds what is packed');
  } finally {
    run('node', ['.ci/manifest.mjs', 'restore']);
  }
  assert.is(readFileSync(join(root, 'package.json'), 'utf8'), before);
});

test('dist/bin.js is executable after a build', () => {
  assert.ok(statSync(join(root, 'dist/bin.js')).mode & 0o111, 'mode has execute bits');
});

test('CommonJS: require("simdnet/infer") type-checks from a .cts file; require("simdnet") loads or explains', () => {
  const dir = join(root, 'dist', 'cjs-check');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const use = [
    "import sim = require('simdnet/infer');",
    'async function main(): Promise<number> {',
    '  const model: sim.Sequential = await sim.loadModel(new Uint8Array(0));',
    '  return model.predict(sim.tensor([1, 2], [1, 2])).data[0];',
    '}',
    'export = main;',
  ];
  writeFileSync(join(dir, 'use.cts'), use.join('\n'));
  const options = { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: [] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['use.cts'] }));
  const tsc = run('npx', ['tsc', '-p', dir]);
  rmSync(dir, { recursive: true, force: true });
  assert.is(tsc.status, 0, tsc.stdout + tsc.stderr);
  const req = run('node', ['-e', "console.log(typeof require('simdnet').Sequential)"]);
  const works = req.status === 0 && req.stdout.trim() === 'function';
  assert.ok(works || /await import\('simdnet'\)/.test(req.stderr), req.stderr);
});

test('SIMDNET_WASM=debug where the debug build is not installed says why', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-pkg-'));
  try {
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    mkdirSync(join(dir, 'build'));
    cpSync(join(root, 'build/simdnet.wasm'), join(dir, 'build/simdnet.wasm'));
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const code = "import('./dist/index.js').then((m) => m.backendInfo()).catch((e) => console.log(e.message))";
    const r = run('node', ['-e', code], dir, { ...process.env, SIMDNET_WASM: 'debug' });
    assert.match(r.stdout, /debug build .* is not shipped in the npm package/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('browsers and Workers: npm pack ships the web bundles, and their export conditions resolve to them', async () => {
  const r = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
  for (const f of ['dist/web.bundle.js', 'dist/infer.web.js', 'dist/web-worker.js']) assert.ok(files.includes(f), f);
  assert.not.ok(
    files.some((f) => f.startsWith('dist/web/')),
    'the stand-ins are inside the bundles, not shipped',
  );
  for (const f of ['dist/web.bundle.js', 'dist/infer.web.js', 'dist/web-worker.js']) {
    const text = readFileSync(join(root, f), 'utf8');
    assert.not.match(text, /from\s*"node:|import\("node:|require\("node:/, `${f} imports no node: module`);
    assert.not.match(text, /cli-progress|piscina/, `${f} has no CLI or Node-thread dependency`);
  }
  const { build } = await import('esbuild');
  const resolve = async (contents: string, platform: 'browser' | 'neutral', conditions: string[] = []) => {
    const out = await build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true,
      write: false,
      metafile: true,
      platform,
      conditions,
      format: 'esm',
      logLevel: 'silent',
    });
    return Object.keys(out.metafile.inputs).filter((p) => p.startsWith('dist/'));
  };
  assert.equal(await resolve("export * from 'simdnet';", 'browser'), ['dist/web.bundle.js']);
  assert.equal(await resolve("export * from 'simdnet';", 'neutral', ['workerd']), ['dist/web.bundle.js']);
  assert.equal(await resolve("export * from 'simdnet/infer';", 'browser'), ['dist/infer.web.js']);
});

test.run();
