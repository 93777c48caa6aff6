// The browser and Cloudflare Workers bundles (package.json exports: browser, workerd,
// worker): dist/web.bundle.js (the API), dist/infer.web.js (simdnet/infer) and dist/web-worker.js
// (a Web Worker's serving loop). Built from src/ with the Node-only modules swapped for their
// web stand-ins in src/web/: no `node:` import, no file system, threads from Web Workers.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = (file) => `${root}src/web/${file}`;
// What a source file imports (relative, as written) → its web stand-in.
const SWAPS = {
  './kernel-files.js': web('kernel-files.ts'),
  './thread-host.js': web('thread-host.ts'),
  './progress.js': web('progress.ts'),
  './files.js': web('files.ts'),
  './io/files.js': web('files.ts'),
};

const swap = {
  name: 'simdnet-web',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, () => ({ path: web('node-builtins.ts') }));
    b.onResolve({ filter: /^\.\/(kernel-files|thread-host|progress|files|io\/files)\.js$/ }, (a) => ({
      path: SWAPS[a.path],
    }));
  },
};

const common = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  plugins: [swap],
  logLevel: 'warning',
  metafile: true,
  define: { SIMDNET_WEB: 'true' },
};
const outputs = [
  { entryPoints: [`${root}src/web.ts`], outfile: `${root}dist/web.bundle.js` },
  {
    entryPoints: [`${root}src/infer.ts`],
    outfile: `${root}dist/infer.web.js`,
    define: { SIMDNET_WEB: 'true', SIMDNET_INFER_ONLY: 'true' },
  },
  { entryPoints: [`${root}src/web/worker.ts`], outfile: `${root}dist/web-worker.js` },
];
for (const o of outputs) {
  const r = await build({ ...common, ...o });
  const inputs = Object.keys(r.metafile.inputs);
  const leaked = inputs.filter((p) => /node_modules\/(piscina|cli-progress)|src\/(cli|progress)/.test(p));
  if (leaked.length) throw new Error(`${o.outfile}: Node-only modules in a web bundle: ${leaked.join(', ')}`);
}
