// Rebuilds the kernels when assembly/ (or asconfig.json) is newer than a build in build/, so
// that `npm test` never runs a stale .wasm after an edit to the AssemblyScript.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const builds = ['simdnet.wasm', 'simdnet.relaxed.wasm', 'simdnet.debug.wasm', 'simdnet.d.ts'].map((f) =>
  join(root, 'build', f),
);
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
    const p = join(dir, e.name);
    return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
const source = Math.max(newest(join(root, 'assembly')), statSync(join(root, 'asconfig.json')).mtimeMs);
const built = builds.every(existsSync) ? Math.min(...builds.map((f) => statSync(f).mtimeMs)) : 0;
if (source > built) {
  console.log('assembly/ is newer than build/: rebuilding the kernels');
  execSync('npm run build:wasm', { cwd: root, stdio: 'inherit' });
}
