export declare const SHAPES: ['gemm_nn' | 'gemm_tn' | 'gemm_nt', number, number, number, string][];
