// What simdnet asks of the runtime beyond ECMAScript, each asked for so that its absence is
// never an error: Node, Deno, Bun, browsers and Cloudflare's workerd all load this module.

type Env = Record<string, string | undefined>;
interface DenoLike {
  permissions?: { querySync?(d: { name: 'env'; variable: string }): { state: string } };
}

/**
 * An environment variable where the runtime lets us read it, else undefined. On Deno it is read
 * only when env access is already granted: asking would prompt, or need --allow-env.
 */
export function envVar(name: string): string | undefined {
  const g = globalThis as { Deno?: DenoLike; process?: { env?: Env } };
  try {
    const query = g.Deno?.permissions?.querySync;
    if (query && query.call(g.Deno!.permissions, { name: 'env', variable: name }).state !== 'granted') return undefined;
    return g.process?.env?.[name];
  } catch {
    return undefined;
  }
}

// Defined (esbuild --define) in the browser and edge bundles.
declare const SIMDNET_WEB: true | undefined;

/**
 * A warning: process.emitWarning in Node, Deno and Bun; console.warn in the web bundles
 * (workerd has a process.emitWarning that prints nothing).
 */
export function warn(message: string, code: string): void {
  const p = (globalThis as { process?: { emitWarning?(m: string, o: { code: string }): void } }).process;
  if (typeof SIMDNET_WEB === 'undefined' && typeof p?.emitWarning === 'function') p.emitWarning(message, { code });
  else console.warn(`${code}: ${message}`);
}
