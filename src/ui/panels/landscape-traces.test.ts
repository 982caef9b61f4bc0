import { describe, expect, it } from 'vitest';
import type { LandscapeResult } from '../../experiment/landscape.ts';
import { curvatureTraces, landscapeTraces, surfaceHeight } from './landscape-traces.ts';

/** loss = α + 10β on a 3×2 grid: bilinear interpolation is exact for it. */
const SURFACE: LandscapeResult = {
  step: 7,
  method: 'filter',
  center: [0, 0],
  directions: [[1, 0], [0, 1]],
  alphas: [-1, 0, 1],
  betas: [-1, 1],
  loss: [[-11, -10, -9], [9, 10, 11]],
  accuracy: [[0, 0, 0], [1, 1, 1]],
  trajectory: [{ step: 0, alpha: 0.5, beta: -0.5 }, { step: 7, alpha: 0, beta: 0 }],
  current: { step: 7, alpha: 0, beta: 0 },
  evaluation: 'batched',
  ms: 12,
};

describe('landscape traces', () => {
  it('interpolates the surface bilinearly inside the grid and gives null outside', () => {
    expect(surfaceHeight(SURFACE, 0.5, -0.5)).toBeCloseTo(0.5 - 5, 12);
    expect(surfaceHeight(SURFACE, -1, 1)).toBe(9);
    expect(surfaceHeight(SURFACE, 1.5, 0)).toBeNull();
  });

  it('contour: the grid as it is, the trajectory and the current point; surface: the same in 3-D', () => {
    const [contour, path, current] = landscapeTraces(SURFACE, 'contour');
    expect(contour).toMatchObject({ type: 'contour', x: SURFACE.alphas, y: SURFACE.betas, z: SURFACE.loss });
    expect(path).toMatchObject({ x: [0.5, 0], y: [-0.5, 0] });
    expect(current).toMatchObject({ x: [0], y: [0] });
    const [surface, path3d] = landscapeTraces(SURFACE, 'surface');
    expect(surface!['type']).toBe('surface');
    expect(path3d!['z']).toEqual([surfaceHeight(SURFACE, 0.5, -0.5), surfaceHeight(SURFACE, 0, 0)]);
  });

  it('a line: loss against α with the current point on it', () => {
    const line: LandscapeResult = { ...SURFACE, method: 'interpolate', directions: [[1, 0]], betas: undefined, loss: [3, 2, 1], accuracy: [null, null, null], current: { step: 7, alpha: 1, beta: 0 } } as LandscapeResult;
    const [curve, marker] = landscapeTraces(line, 'contour');
    expect(curve).toMatchObject({ type: 'scatter', x: [-1, 0, 1], y: [3, 2, 1] });
    expect(marker).toMatchObject({ x: [1], y: [1] });
  });

  it('the curvature map: a heatmap of λmax over its own coarse grid, none without one', () => {
    const withMap: LandscapeResult = { ...SURFACE, curvature: { alphas: [-1, 1], betas: [-1, 1], topEigenvalue: [[1, 2], [3, null]] } };
    const [heatmap, marker] = curvatureTraces(withMap);
    expect(heatmap).toMatchObject({ type: 'heatmap', x: [-1, 1], y: [-1, 1], z: [[1, 2], [3, null]] });
    expect(marker).toMatchObject({ x: [0], y: [0] });
    expect(curvatureTraces(SURFACE)).toEqual([]);
  });
});
