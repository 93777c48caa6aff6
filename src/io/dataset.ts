// An in-memory labelled image set, as read from MNIST-like sources.
export interface Dataset {
  /** rows × prod(sample) floats. */
  images: Float32Array;
  /** Class index per row. */
  labels: Int32Array;
  rows: number;
  /** Shape of one sample, e.g. [784]. */
  sample: number[];
}

/** Rows reordered by `order`; the first `first` rows make the first part. */
export function splitRows(d: Dataset, order: Int32Array, first: number): { train: Dataset; test: Dataset } {
  const width = d.images.length / d.rows;
  const take = (idx: Int32Array): Dataset => {
    const images = new Float32Array(idx.length * width);
    const labels = new Int32Array(idx.length);
    idx.forEach((r, i) => {
      images.set(d.images.subarray(r * width, (r + 1) * width), i * width);
      labels[i] = d.labels[r];
    });
    return { images, labels, rows: idx.length, sample: d.sample };
  };
  return { train: take(order.subarray(0, first)), test: take(order.subarray(first)) };
}
