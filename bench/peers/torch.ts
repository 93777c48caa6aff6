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
export function torchRuns(
  script: string,
  args: (omp: number) => string[],
  figure: string,
): { one: TorchRun; two: TorchRun; how: string } | undefined {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const run = (omp: number, blas: number) => {
    const env = { ...process.env, OMP_NUM_THREADS: String(omp), OPENBLAS_NUM_THREADS: String(blas) };
    const r = spawnSync('/usr/bin/python3', [path, ...args(omp)], { encoding: 'utf8', env });
    if (r.status !== 0) return undefined;
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as TorchRun;
  };
  const one = run(1, 1);
  if (!one) {
    console.error('PyTorch peer skipped: /usr/bin/python3 has no torch (Debian: apt-get install python3-torch)');
    return undefined;
  }
  const two = [
    { how: '2 OpenMP threads', r: run(2, 1) },
    { how: '1 OpenMP + 2 OpenBLAS threads', r: run(1, 2) },
  ].sort((a, b) => Number(b.r?.[figure] ?? 0) - Number(a.r?.[figure] ?? 0))[0];
  if (!two.r) return undefined;
  return { one, two: two.r, how: two.how };
}
