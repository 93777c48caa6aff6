// Machine, runtime and date for the header of every result table.
import os from 'node:os';

export function machineInfo(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const runtime =
    typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined'
      ? `Bun ${process.versions.bun}`
      : typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined'
        ? `Deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`
        : `Node ${process.version}`;
  return (
    `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · ${runtime} · ` +
    `${os.platform()} ${os.arch()} · ${new Date().toISOString().slice(0, 10)}`
  );
}

/** One measured figure: what, who, value and unit. */
export interface Row {
  bench: string;
  lib: string;
  value: number;
  unit: string;
  note?: string;
}
