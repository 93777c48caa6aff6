// prepack/postpack: the published package.json carries no `prepare` script (npm 11 flags it on
// every install of the package); in the repository `prepare` builds everything on npm install.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package.json', import.meta.url);
const BUILD = 'npm run build';
const pkg = JSON.parse(readFileSync(file, 'utf8'));
if (process.argv[2] === 'strip') delete pkg.scripts.prepare;
else if (process.argv[2] === 'restore') pkg.scripts = { ...pkg.scripts, prepare: BUILD };
else throw new Error(`usage: manifest.mjs strip|restore, received ${process.argv[2]}`);
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
