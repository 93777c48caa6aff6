// require('simdnet'): simdnet is an ES module. Runtimes that can require() an ES module
// (Node ≥ 20.19, 22.12) get it as is; elsewhere a message says what to write instead.
try {
  module.exports = require('./index.js');
} catch (e) {
  const code = (e as { code?: string }).code;
  if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw e;
  throw new Error(
    "simdnet is an ES module and this runtime cannot require() it: use `const simdnet = await import('simdnet')`, " +
      "or require('simdnet/infer') to load and run saved models from CommonJS",
  );
}
