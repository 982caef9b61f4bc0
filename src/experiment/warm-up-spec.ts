/**
 * The first run of a page pays for the GPU device and for compiling every kernel it uses (about
 * 2 s on SwiftShader, against 0.6 s for the same run's first probe afterwards). A warm-up run of a
 * miniature of the experiment — same model, loss, data, optimizer and probe kinds, one step and
 * probes of a few iterations, a 3 × 3 landscape if it has one — compiles the same pipelines while the user is still reading the page.
 */
import { parseSpec, type ExperimentSpec } from './spec.ts';

/** Iterations of each warm-up probe: enough to run every kernel of the probe at least once. */
const WARM_UP_ITERATIONS = 3;

/**
 * The miniature of `spec` a warm-up runs, or null when there is nothing worth warming up (races and
 * test functions run other code paths, and their own first run is short).
 */
export function warmUpSpec(spec: ExperimentSpec): ExperimentSpec | null {
  if (spec.race || spec.problem) return null;
  const { eigenvalues, trace, density } = spec.probes;
  const small = {
    ...spec,
    train: { ...spec.train, steps: 1 },
    probes: {
      ...spec.probes,
      every: 1,
      eigenvalues: eigenvalues && { ...eigenvalues, k: 1, steps: WARM_UP_ITERATIONS },
      trace: trace && { ...trace, samples: WARM_UP_ITERATIONS },
      density: density && { ...density, probes: 1, steps: WARM_UP_ITERATIONS },
    },
    changes: [],
    // The coarsest grid builds the landscape's kernels (the small-model one, generated per
    // architecture, compiles for about a second); the top-eigenvalue map reuses Lanczos's.
    landscape: spec.landscape && { ...spec.landscape, resolution: 3, every: null, curvatureMap: null },
    view: {},
  };
  const parsed = parseSpec(small);
  return parsed.ok ? parsed.spec : null;
}
