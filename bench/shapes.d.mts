export declare const SHAPES: ['gemm_nn' | 'gemm_tn' | 'gemm_nt', number, number, number, string][];
import type { Arena } from '../dist/memory.js';
export declare function gemmCall(
  arena: Arena,
  form: 'gemm_nn' | 'gemm_tn' | 'gemm_nt',
  M: number,
  K: number,
  N: number,
): () => void;
export declare function gemmProducts(arena: Arena): { label: string; flops: number; run: () => void }[];
