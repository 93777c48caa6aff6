// The README's examples for runtimes Node cannot stand in for (a Worker, a browser page):
// ```javascript blocks whose first line names the file, `// worker.js`. The runtime tests run
// them there and compare what they print with their `// value` comments.
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

export function readmeExample(name: string): string {
  const block = [...readme.matchAll(/```javascript\n([\s\S]*?)```/g)].find((m) => m[1].startsWith(`// ${name}`));
  if (!block) throw new Error(`README.md has no \`\`\`javascript block starting "// ${name}"`);
  return block[1];
}

/** The `// value` comments of console.log lines, in order. */
export function expectedOutput(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1].trim());
}
