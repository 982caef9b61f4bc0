import { describe, expect, it } from 'vitest';
import { divergingColor, matrixPixels } from './heatmap-image.ts';

describe('matrixPixels', () => {
  it('lays rows top to bottom with the diverging scale', () => {
    const pixels = matrixPixels([[2, 0], [-1, NaN]], divergingColor(2));
    expect(pixels.width).toBe(2);
    expect(pixels.height).toBe(2);
    expect(Array.from(pixels.rgba.slice(0, 4))).toEqual([255, 0, 0, 255]); // +max: red
    expect(Array.from(pixels.rgba.slice(4, 8))).toEqual([255, 255, 255, 255]); // zero: white
    expect(Array.from(pixels.rgba.slice(8, 12))).toEqual([128, 128, 255, 255]); // −max/2: half blue
    expect(Array.from(pixels.rgba.slice(12, 16))).toEqual([160, 160, 160, 255]); // NaN: grey
  });
});
