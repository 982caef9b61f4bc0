import { describe, expect, it } from 'vitest';
import { COLORWAY } from '../plots/plot-legend.ts';
import { sampleColor } from './boundary-colors.ts';

describe('sampleColor', () => {
  it("gives a class its colour, cycling past the palette, and grey to labels that name no class", () => {
    const hex = (c: readonly number[]) => `#${c.slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    expect(hex(sampleColor(0))).toBe(COLORWAY[0]!.toLowerCase());
    expect(hex(sampleColor(COLORWAY.length + 1))).toBe(COLORWAY[1]!.toLowerCase());
    // A regression target or a ±1 label (a teacher's outputs, say) must not break the panel.
    for (const label of [-1, 0.37, Number.NaN, Infinity]) expect(sampleColor(label)).toEqual([128, 128, 128, 255]);
  });
});
