/** A dataset in the form every engine consumes: row-major inputs and one label row per sample. */
export interface Dataset {
  readonly name: string;
  /** Number of samples. */
  readonly n: number;
  readonly inputDim: number;
  /**
   * Labels. For cross-entropy: class indices (integers stored as floats), length n.
   * For logistic: 0/1, length n. For mse: targets [n, targetDim] row-major.
   */
  readonly y: Float32Array;
  /** Inputs [n, inputDim] row-major. */
  readonly x: Float32Array;
  /** Width of one label row: 1 for class indices and 0/1 labels, the target dimension for regression. */
  readonly targetDim: number;
  /** Number of classes for classification data; undefined for regression. */
  readonly classes?: number;
}
