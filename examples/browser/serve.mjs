// The browser demo's server: `node examples/browser/serve.mjs`, then open the address it
// prints. It serves the repository (the web bundle in dist/, the kernels in build/, this
// page) with the two headers that make the page cross-origin isolated — without them a
// browser gives no SharedArrayBuffer and simdnet trains on the main thread alone — and the
// 10,000 MNIST digits of the `mnist` package as one binary file (784 bytes a digit, then
// the 10,000 labels).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

function mnistBinary() {
  const require = createRequire(import.meta.url);
  const parts = Array.from({ length: 10 }, (_, d) => require(`mnist/src/digits/${d}.json`).data);
  const rows = parts.reduce((n, p) => n + p.length / 784, 0);
  const out = new Uint8Array(rows * 785);
  let at = 0;
  parts.forEach((p, digit) => {
    for (let i = 0; i < p.length; i++) out[at * 784 + i] = Math.round(p[i] * 255);
    out.fill(digit, rows * 784 + at, rows * 784 + at + p.length / 784);
    at += p.length / 784;
  });
  return out;
}

/**
 * Serves the files under `root` on 127.0.0.1:`port` (0: any free port); with `isolated`, every
 * answer carries COOP/COEP. `extra` answers some paths itself: bytes, or a function made once
 * on first request. Resolves to its base address and the server. (The runtime tests use it too.)
 */
export async function serveFiles({ root: dir = root, isolated = true, extra = {}, port = 0 } = {}) {
  const made = new Map();
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try {
      let body = extra[path];
      if (typeof body === 'function') {
        if (!made.has(path)) made.set(path, body());
        body = made.get(path);
      }
      if (!body && !path.includes('..'))
        body = await readFile(join(dir, path.endsWith('/') ? `${path}index.html` : path));
      if (!body) throw new Error('not found');
      const type = TYPES[extname(path) || '.html'] ?? 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, ...(isolated ? ISOLATED : {}) });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, server };
}

/** The demo: the repository with the digits, on 127.0.0.1:`port`; resolves to the page's address. */
export async function startDemoServer(port = 8080) {
  const { url, server } = await serveFiles({ port, extra: { '/examples/browser/mnist.bin': mnistBinary } });
  return { url: `${url}/examples/browser/`, server };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startDemoServer(Number(process.env.PORT ?? 8080));
  console.log(`simdnet browser demo: open ${url} (Ctrl-C stops the server)`);
}
