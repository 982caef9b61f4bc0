import { describe, expect, it } from 'vitest';
import { predict } from '../math/mlp.ts';
import type { Dataset } from './dataset.ts';
import { sine } from './sine.ts';
import { teacher, teacherArchitecture, teacherParameters } from './teacher.ts';
import { blobs, circles, moons, spirals, xor } from './toy2d.ts';

function classCounts(d: Dataset): number[] {
  const counts = new Array<number>(d.classes ?? 0).fill(0);
  for (const label of d.y) counts[label] = counts[label]! + 1;
  return counts;
}

const FAMILIES = { spirals, moons, circles, xor, blobs } as const;

describe('2-D classification sets', () => {
  for (const [name, make] of Object.entries(FAMILIES)) {
    it(`${name}: seeded, shaped [n, 2], class indices balanced exactly (i mod k)`, () => {
      const a = make({ n: 301, noise: 0.1, seed: 7 });
      const b = make({ n: 301, noise: 0.1, seed: 7 });
      const c = make({ n: 301, noise: 0.1, seed: 8 });
      expect(a.x).toEqual(b.x);
      expect(a.y).toEqual(b.y);
      expect(a.x).not.toEqual(c.x);
      expect(a.n).toBe(301);
      expect(a.inputDim).toBe(2);
      expect(a.targetDim).toBe(1);
      expect(a.x).toHaveLength(602);
      expect(a.y).toHaveLength(301);
      const k = a.classes!;
      const counts = classCounts(a);
      expect(counts.reduce((s, v) => s + v, 0)).toBe(301);
      for (const count of counts) expect(Math.abs(count - 301 / k)).toBeLessThan(1);
      for (let i = 0; i < a.n; i++) expect(a.y[i]).toBe(i % k);
      for (const v of a.x) expect(Number.isFinite(v)).toBe(true);
    });
  }

  it('spirals with k arms: noise 0 puts sample i at radius t, angle 2πc/k + 2πt (1e-6)', () => {
    const d = spirals({ n: 500, classes: 5, noise: 0 });
    expect(d.classes).toBe(5);
    expect(new Set(d.y).size).toBe(5);
    for (let i = 0; i < d.n; i++) {
      const x = d.x[2 * i]!;
      const y = d.x[2 * i + 1]!;
      const r = Math.hypot(x, y);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      const expected = (2 * Math.PI * d.y[i]!) / 5 + 2 * Math.PI * r;
      // The angle is known modulo 2π.
      const diff = Math.atan2(Math.sin(Math.atan2(y, x) - expected), Math.cos(Math.atan2(y, x) - expected));
      if (r > 1e-3) expect(Math.abs(diff)).toBeLessThan(1e-3);
    }
  });

  it('circles: noise 0 gives radius 1 for class 0 and 0.5 for class 1 (1e-6)', () => {
    const d = circles({ n: 200, noise: 0, seed: 3 });
    for (let i = 0; i < d.n; i++) {
      const r = Math.hypot(d.x[2 * i]!, d.x[2 * i + 1]!);
      expect(Math.abs(r - (d.y[i] === 0 ? 1 : 0.5))).toBeLessThan(1e-6);
    }
  });

  it('moons: noise 0 puts each class on its unit half circle (1e-6)', () => {
    const d = moons({ n: 200, noise: 0, seed: 3 });
    for (let i = 0; i < d.n; i++) {
      const x = d.x[2 * i]!;
      const y = d.x[2 * i + 1]!;
      if (d.y[i] === 0) {
        expect(Math.abs(Math.hypot(x + 0.5, y + 0.25) - 1)).toBeLessThan(1e-6);
        expect(y + 0.25).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.abs(Math.hypot(x - 0.5, y - 0.25) - 1)).toBeLessThan(1e-6);
        expect(y - 0.25).toBeLessThanOrEqual(0);
      }
    }
  });

  it('xor: noise 0 gives label = (signs differ), points in [-1, 1]²', () => {
    const d = xor({ n: 400, noise: 0, seed: 5 });
    for (let i = 0; i < d.n; i++) {
      const x = d.x[2 * i]!;
      const y = d.x[2 * i + 1]!;
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1);
      expect(x * y < 0 ? 1 : 0).toBe(d.y[i]);
    }
  });

  it('blobs: class means within 4 standard errors of the centers on the radius-2 circle', () => {
    const noise = 0.3;
    const d = blobs({ n: 4000, classes: 4, noise, seed: 11 });
    for (let c = 0; c < 4; c++) {
      let sx = 0;
      let sy = 0;
      let m = 0;
      for (let i = 0; i < d.n; i++) {
        if (d.y[i] !== c) continue;
        sx += d.x[2 * i]!;
        sy += d.x[2 * i + 1]!;
        m++;
      }
      const se = noise / Math.sqrt(m);
      expect(Math.abs(sx / m - 2 * Math.cos((Math.PI * c) / 2))).toBeLessThan(4 * se);
      expect(Math.abs(sy / m - 2 * Math.sin((Math.PI * c) / 2))).toBeLessThan(4 * se);
    }
  });

  it('noise is the standard deviation of the jitter (circles, n = 4000: within 5%)', () => {
    const clean = circles({ n: 4000, noise: 0, seed: 2 });
    const noisy = circles({ n: 4000, noise: 0.2, seed: 2 });
    let ss = 0;
    for (let i = 0; i < noisy.x.length; i++) ss += (noisy.x[i]! - clean.x[i]!) ** 2;
    expect(Math.abs(Math.sqrt(ss / noisy.x.length) - 0.2)).toBeLessThan(0.01);
  });
});

describe('sine regression', () => {
  it('noise 0: y = sin x to f32 precision (1e-7), x in [-π, π], shapes [n, 1]', () => {
    const d = sine({ n: 500, noise: 0, seed: 1 });
    expect(d.inputDim).toBe(1);
    expect(d.targetDim).toBe(1);
    expect(d.classes).toBeUndefined();
    expect(d.x).toHaveLength(500);
    for (let i = 0; i < d.n; i++) {
      expect(Math.abs(d.x[i]!)).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(d.y[i]! - Math.sin(d.x[i]!))).toBeLessThan(1e-7);
    }
  });

  it('noise 0.1: residual standard deviation 0.1 within 5% (n = 4000); seeded', () => {
    const d = sine({ n: 4000, noise: 0.1, seed: 4 });
    let ss = 0;
    for (let i = 0; i < d.n; i++) ss += (d.y[i]! - Math.sin(d.x[i]!)) ** 2;
    expect(Math.abs(Math.sqrt(ss / d.n) - 0.1)).toBeLessThan(0.005);
    expect(sine({ n: 4000, noise: 0.1, seed: 4 }).y).toEqual(d.y);
  });
});

describe('teacher–student', () => {
  it('classification: labels are the argmax of the teacher (noise 0); every class present', () => {
    const layers = [10, 8, 4];
    const d = teacher({ n: 500, inputDim: 10, classes: 4, teacherLayers: layers, seed: 3 });
    expect(d.n).toBe(500);
    expect(d.inputDim).toBe(10);
    expect(d.targetDim).toBe(1);
    expect(d.classes).toBe(4);
    const out = predict(teacherArchitecture(layers), teacherParameters(layers, 3), d.x, d.n);
    for (let i = 0; i < d.n; i++) {
      const row = Array.from(out.subarray(4 * i, 4 * i + 4));
      expect(d.y[i]).toBe(row.indexOf(Math.max(...row)));
    }
    for (const count of classCounts(d)) expect(count).toBeGreaterThan(0);
    // Inputs are standard normal: mean ≈ 0, variance ≈ 1 over 5000 numbers.
    const mean = d.x.reduce((s, v) => s + v, 0) / d.x.length;
    const variance = d.x.reduce((s, v) => s + (v - mean) ** 2, 0) / d.x.length;
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(Math.abs(variance - 1)).toBeLessThan(0.08);
  });

  it('classification noise p changes about p·(1 − 1/k) of the labels, and only adds changes as p grows', () => {
    const base = { n: 4000, inputDim: 5, classes: 4, seed: 9 };
    const clean = teacher(base);
    const low = teacher({ ...base, noise: 0.1 });
    const high = teacher({ ...base, noise: 0.4 });
    let changedLow = 0;
    let changedHigh = 0;
    let lowNotHigh = 0;
    for (let i = 0; i < clean.n; i++) {
      const a = low.y[i] !== clean.y[i];
      const b = high.y[i] !== clean.y[i];
      changedLow += a ? 1 : 0;
      changedHigh += b ? 1 : 0;
      lowNotHigh += a && !b ? 1 : 0;
    }
    expect(Math.abs(changedLow / 4000 - 0.075)).toBeLessThan(0.015);
    expect(Math.abs(changedHigh / 4000 - 0.3)).toBeLessThan(0.03);
    expect(lowNotHigh).toBe(0);
  });

  it('regression: targets are the teacher outputs (noise 0, f32) with targetDim = last width', () => {
    const layers = [3, 6, 2];
    const d = teacher({ n: 50, teacherLayers: layers, seed: 1 });
    expect(d.inputDim).toBe(3);
    expect(d.targetDim).toBe(2);
    expect(d.classes).toBeUndefined();
    const out = predict(teacherArchitecture(layers), teacherParameters(layers, 1), d.x, d.n);
    for (let i = 0; i < out.length; i++) expect(Math.abs(d.y[i]! - out[i]!)).toBeLessThan(1e-6 * (1 + Math.abs(out[i]!)));
  });

  it('defaults: regression from a [2, 16, 1] teacher; classification when classes is given', () => {
    const r = teacher({ n: 10 });
    expect([r.inputDim, r.targetDim, r.classes]).toEqual([2, 1, undefined]);
    const c = teacher({ n: 10, inputDim: 6, classes: 3 });
    expect([c.inputDim, c.targetDim, c.classes]).toEqual([6, 1, 3]);
  });
});
