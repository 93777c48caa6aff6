import type { Row } from '../machine.js';
export declare const TILES: [string, string][];
export declare function peakRows(lib: string, relaxed: boolean): Promise<Row[]>;
