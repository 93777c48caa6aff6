import type { Row } from '../machine.js';
export declare const TILES: [string, string][];
export declare function peakRows(lib: string, relaxed: boolean): Promise<Row[]>;
export declare function pairedShares(
  lib: string,
  relaxed: boolean,
  products: { label: string; flops: number; run: () => void }[],
  rounds?: number,
): Row[];
