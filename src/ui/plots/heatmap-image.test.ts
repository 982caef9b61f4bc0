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
  it('writes a top-down 32-bit BMP with BGRA pixels and an alpha mask (V4 header)', () => {
    const bytes = pixelsToBmp(matrixPixels([[2, 0], [-1, NaN]], divergingColor(2)));
    const view = new DataView(bytes.buffer);
    const start = 14 + 108;
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('BM');
    expect(view.getUint32(2, true)).toBe(start + 16);
    expect(view.getUint32(10, true)).toBe(start);
    expect(view.getUint32(14, true)).toBe(108);
    expect([view.getInt32(18, true), view.getInt32(22, true), view.getUint16(28, true), view.getUint32(30, true)]).toEqual([2, -2, 32, 3]);
    expect([54, 58, 62, 66].map((o) => view.getUint32(o, true))).toEqual([0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000]);
    expect(Array.from(bytes.subarray(start, start + 4))).toEqual([0, 0, 255, 255]); // red, as B G R A
    expect(Array.from(bytes.subarray(start + 8, start + 12))).toEqual([255, 128, 128, 255]); // half blue
  });
});
