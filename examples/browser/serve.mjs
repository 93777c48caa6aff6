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

/** Starts the server on 127.0.0.1:`port` (0: any free port); resolves to its address and server. */
export async function startDemoServer(port = 8080) {
  let digits;
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try {
      let body;
      if (path === '/examples/browser/mnist.bin') body = digits ??= mnistBinary();
      else if (!path.includes('..')) body = await readFile(join(root, path.endsWith('/') ? `${path}index.html` : path));
      res.writeHead(200, {
        'Content-Type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream',
        ...ISOLATED,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/examples/browser/`, server };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startDemoServer(Number(process.env.PORT ?? 8080));
  console.log(`simdnet browser demo: open ${url} (Ctrl-C stops the server)`);
}
