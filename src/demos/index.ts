/** Every demo of the gallery, in the gallery's order. */
import type { Demo } from './demo.ts';
import { edgeOfStability } from './edge-of-stability.ts';
// import 2 sgd-stability
// import 3 bulk-and-outliers
// import 4 batch-size-curvature
// import 5 lanczos-reorthogonalization
// import 6 landscape-directions
// import 7 rosenbrock-race
// import 8 approximate-newton
// import 9 hawq
// import 10 sophia-vs-adam
// import 11 momentum
// import 12 cbo-rastrigin
// import 13 mfac
// import 14 sharpness-generalization

export const DEMOS: readonly Demo[] = [
  edgeOfStability,
  // entry 2 sgd-stability
  // entry 3 bulk-and-outliers
  // entry 4 batch-size-curvature
  // entry 5 lanczos-reorthogonalization
  // entry 6 landscape-directions
  // entry 7 rosenbrock-race
  // entry 8 approximate-newton
  // entry 9 hawq
  // entry 10 sophia-vs-adam
  // entry 11 momentum
  // entry 12 cbo-rastrigin
  // entry 13 mfac
  // entry 14 sharpness-generalization
];

export function demoById(id: string): Demo | undefined {
  return DEMOS.find((d) => d.id === id);
}
