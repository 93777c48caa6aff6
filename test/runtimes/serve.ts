// HTTP helpers of the runtime tests: a free port, waiting for a server, and a static server of
// the repository with the headers that make a page cross-origin isolated (the demo's).
import { createServer, type Server } from 'node:http';

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

/**
 * Serves the files under `root` on 127.0.0.1 (a free port); with `isolated`, every answer
 * carries COOP/COEP, so pages get SharedArrayBuffer and can share memory with Web Workers.
 * `extra` answers some paths itself (bytes made by the test). The demo's server does the work.
 */
export async function staticServer(
  root: string,
  isolated: boolean,
  extra: Record<string, Uint8Array> = {},
): Promise<{ url: string; server: Server }> {
  const { serveFiles } = await import('../../examples/browser/serve.mjs');
  return serveFiles({ root, isolated, extra });
}
