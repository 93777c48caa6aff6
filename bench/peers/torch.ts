// Running a PyTorch peer script (bench/peers/torch_*.py) on Debian's python3: once on one
// thread, and on two cores both ways PyTorch can use them — 2 OpenMP threads, or 1 OpenMP
// thread with 2 OpenBLAS threads — keeping the better. Each script prints one JSON line.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface TorchRun {
  torch: string;
  [figure: string]: number | string;
}

/** One thread and the best two-core setting, or undefined (with a note) when python3 has no torch. */
/** Runs a peer script once with `env` (thread settings) added; its JSON line, or undefined. */
export function torchRun(script: string, args: string[], env: Record<string, string>): TorchRun | undefined {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const r = spawnSync('/usr/bin/python3', [path, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`${script} ${args.join(' ')} failed: ${r.stderr.slice(-300)}`);
    return undefined;
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as TorchRun;
}

export function torchRuns(
  script: string,
  args: (omp: number) => string[],
  figure: string,
): { one: TorchRun; two: TorchRun; how: string; env: Record<string, string> } | undefined {
  const run = (omp: number, blas: number) =>
    torchRun(script, args(omp), { OMP_NUM_THREADS: String(omp), OPENBLAS_NUM_THREADS: String(blas) });
  const one = run(1, 1);
  if (!one) {
    console.error('PyTorch peer skipped: /usr/bin/python3 has no torch (Debian: apt-get install python3-torch)');
    return undefined;
  }
  const two = [
    { how: '2 OpenMP threads', omp: 2, blas: 1, r: run(2, 1) },
    { how: '1 OpenMP + 2 OpenBLAS threads', omp: 1, blas: 2, r: run(1, 2) },
  ].sort((a, b) => Number(b.r?.[figure] ?? 0) - Number(a.r?.[figure] ?? 0))[0];
  if (!two.r) return undefined;
  const env = { OMP_NUM_THREADS: String(two.omp), OPENBLAS_NUM_THREADS: String(two.blas) };
  return { one, two: two.r, how: two.how, env };
}
