// float32-exact twins of assembly/tensor.ts's reductions (the order of the additions is the contract).

/** dst(n) += src_0 + … + src_{count−1}, left to right, each sum rounded to float32; src_c is blocks[c]. */
export function accumulate_blocks(dst: Float32Array, blocks: Float32Array[], count: number, n: number): number {
  let finite = 1;
  for (let i = 0; i < n; i++) {
    let s = dst[i];
    for (let c = 0; c < count; c++) s = Math.fround(s + blocks[c][i]);
    dst[i] = s;
    if (!Number.isFinite(s)) finite = 0;
  }
  return finite;
}
