// A Cloudflare Worker using simdnet's web bundle as a user's would: the kernels imported as a
// wasm module and handed to init(), a saved model imported as data. Bundled and served by
// workerd in workerd.test.ts; answers with bit patterns (cases.mjs) to compare with Node's.
import * as simdnet from '../../../dist/web.bundle.js';
import { predictCase, trainCase } from '../cases.mjs';
import wasm from './simdnet.wasm';
import modelBytes from './model.simdnet';

export default {
  async fetch(request) {
    const warnings = [];
    const warn = console.warn;
    console.warn = (...args) => warnings.push(args.join(' '));
    try {
      const { build } = await simdnet.init(wasm);
      const url = new URL(request.url);
      if (url.pathname === '/predict') {
        return Response.json({ build, bits: predictCase(simdnet, new Uint8Array(modelBytes)) });
      }
      if (url.pathname === '/train') {
        const workers = Number(url.searchParams.get('workers'));
        return Response.json({ build, ...(await trainCase(simdnet, workers)), warnings });
      }
      return new Response('not found', { status: 404 });
    } catch (e) {
      return new Response(String(e?.stack ?? e), { status: 500 });
    } finally {
      console.warn = warn;
    }
  },
};
