// HTTP helpers of the runtime tests: a free port, waiting for a server, and a static server of
// the repository with the headers that make a page cross-origin isolated.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers (any status), for up to 20 s; the error shows the server's log. */
export async function waitForHttp(url: string, log: () => string): Promise<void> {
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`no answer from ${url} within 20 s; log:\n${log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * Serves the files under `root` on 127.0.0.1 (a free port); with `isolated`, every answer
 * carries COOP/COEP, so pages get SharedArrayBuffer and can share memory with Web Workers.
 * `extra` answers some paths itself (bytes made by the test).
 */
export async function staticServer(
  root: string,
  isolated: boolean,
  extra: Record<string, Uint8Array> = {},
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname));
    const headers: Record<string, string> = { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' };
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    try {
      const body = extra[path] ?? (path.includes('..') ? undefined : await readFile(join(root, path)));
      if (!body) throw new Error('not found');
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, server };
}
