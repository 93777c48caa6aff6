// The WASM module's exports: every kernel family, re-exported.
export * from "./gemm";
export * from "./bias";
export * from "./activations";
export * from "./softmax";
export * from "./prelu";
export * from "./maxout";
export * from "./conv";
export * from "./pool";
export * from "./recurrent";
export * from "./embedding";
export * from "./glu";
export * from "./dropout";
export * from "./losses";
export * from "./regularizers";
export * from "./optimizers";
export * from "./metrics";
export * from "./random";
export * from "./tensor";
export * from "./checksum";
export * from "./householder";

/** First byte free for the host's arena (after the module's static data). */
export function heap_base(): usize {
  return __heap_base;
}

/** Whether this is the relaxed-SIMD build: a host handed a compiled module asks it. */
export function relaxed_build(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}
