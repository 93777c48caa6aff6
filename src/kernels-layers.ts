// The bindings of the kernels particular to one layer family (convolution, pooling,
// recurrent cells, embeddings, glu): the rest of src/kernels.ts, split off to keep each
// file short. The same rules hold: written from asc's declaration, checked by
// test/kernels/bindings.test.ts.

/** Kernels of the convolutional, pooling, recurrent, embedding and glu layers. */
export interface LayerKernels {
  // assembly/conv.ts
  im2col(
    cols: number,
    x: number,
    rows: number,
    H: number,
    W: number,
    C: number,
    KH: number,
    KW: number,
    SH: number,
    SW: number,
    DH: number,
    DW: number,
    PT: number,
    PL: number,
    OH: number,
    OW: number,
  ): void;
  col2im(
    dx: number,
    cols: number,
    rows: number,
    H: number,
    W: number,
    C: number,
    KH: number,
    KW: number,
    SH: number,
    SW: number,
    DH: number,
    DW: number,
    PT: number,
    PL: number,
    OH: number,
    OW: number,
  ): void;
  // assembly/pool.ts
  max_pool_forward(
    y: number,
    idx: number,
    x: number,
    rows: number,
    H: number,
    W: number,
    C: number,
    PH: number,
    PW: number,
    SH: number,
    SW: number,
    PT: number,
    PL: number,
    OH: number,
    OW: number,
  ): void;
  max_pool_backward(
    dx: number,
    dy: number,
    idx: number,
    rows: number,
    H: number,
    W: number,
    C: number,
    PH: number,
    PW: number,
    SH: number,
    SW: number,
    PT: number,
    PL: number,
    OH: number,
    OW: number,
  ): void;
  avg_pool_forward(
    y: number,
    x: number,
    rows: number,
    H: number,
    W: number,
    C: number,
    PH: number,
    PW: number,
    SH: number,
    SW: number,
    PT: number,
    PL: number,
    OH: number,
    OW: number,
  ): void;
  avg_pool_backward(
    dx: number,
    dy: number,
    rows: number,
    H: number,
    W: number,
    C: number,
    PH: number,
    PW: number,
    SH: number,
    SW: number,
    PT: number,
    PL: number,
    OH: number,
    OW: number,
  ): void;
  // assembly/recurrent.ts
  to_time_major(dst: number, src: number, B: number, T: number, F: number, reverse: boolean): void;
  to_batch_major(dst: number, src: number, B: number, T: number, F: number, reverse: boolean): void;
  lstm_step_forward(g: number, cPrev: number, c: number, h: number, B: number, U: number): void;
  lstm_step_backward(
    g: number,
    cPrev: number,
    c: number,
    dhOut: number,
    dhRec: number,
    dc: number,
    B: number,
    U: number,
  ): void;
  gru_step_forward(g: number, s: number, hPrev: number, h: number, B: number, U: number): void;
  gru_step_backward(
    g: number,
    s: number,
    hPrev: number,
    dhOut: number,
    dhRec: number,
    dhNext: number,
    B: number,
    U: number,
  ): void;
  rnn_step_forward(z: number, h: number, B: number, U: number): void;
  rnn_step_backward(z: number, dhOut: number, dhRec: number, B: number, U: number): void;
  gru_reset_forward(g: number, s: number, hPrev: number, rh: number, B: number, U: number): void;
  gru_candidate_forward(g: number, q: number, hPrev: number, h: number, B: number, U: number): void;
  gru_candidate_backward(
    g: number,
    hPrev: number,
    dhOut: number,
    dhRec: number,
    dp: number,
    dhNext: number,
    B: number,
    U: number,
  ): void;
  gru_reset_backward(g: number, s: number, hPrev: number, drh: number, dhNext: number, B: number, U: number): void;
  // assembly/embedding.ts
  embedding_forward(y: number, x: number, E: number, n: number, D: number, V: number): void;
  embedding_backward(dE: number, dy: number, x: number, n: number, D: number, V: number): void;
  // assembly/glu.ts
  glu_forward(y: number, z: number, M: number, N: number): void;
  glu_backward(dz: number, dy: number, z: number, M: number, N: number): void;
}
