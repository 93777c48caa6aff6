// simdnet in browsers and Cloudflare Workers (the package's browser/workerd/worker export,
// bundled as dist/web.bundle.js): the whole API but files and the terminal. Load the kernels first:
// `await init()` in a browser, `await init(wasm)` in a Worker (module imported from
// 'simdnet/simdnet.wasm'). Models travel as bytes: modelToBytes / modelFromBytes.
export * from './api.js';
