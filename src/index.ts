// simdnet's public API in Node, Deno and Bun: everything (api.ts), and what reads and writes
// files or draws on a terminal.
export * from './api.js';
export { loadModel, saveModel } from './io/persist.js';
export { exportTfjs } from './io/tfjs.js';
export { importTfjs } from './io/tfjs-read.js';
export { loadSpamAssassin, subjectAndBody, type Email } from './io/spam.js';
export { progressBar } from './progress.js';
