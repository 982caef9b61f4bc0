import { describe, expect, it } from 'vitest';
import { divergingColor, matrixPixels, pixelsToBmp } from './heatmap-image.ts';

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

describe('pixelsToBmp', () => {
  it('writes a top-down 32-bit BMP with BGRA pixels', () => {
    const bytes = pixelsToBmp(matrixPixels([[2, 0], [-1, NaN]], divergingColor(2)));
    const view = new DataView(bytes.buffer);
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('BM');
    expect(view.getUint32(2, true)).toBe(54 + 16);
    expect(view.getUint32(10, true)).toBe(54);
    expect([view.getInt32(18, true), view.getInt32(22, true), view.getUint16(28, true)]).toEqual([2, -2, 32]);
    expect(Array.from(bytes.subarray(54, 58))).toEqual([0, 0, 255, 255]); // red, as B G R A
    expect(Array.from(bytes.subarray(62, 66))).toEqual([255, 128, 128, 255]); // half blue
  });
});
