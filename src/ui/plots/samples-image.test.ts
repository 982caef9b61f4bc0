import { describe, expect, it } from 'vitest';
import { imageSize, samplePixels, SAMPLE_DISCS } from './samples-image.ts';

const RED = [255, 0, 0, 255] as const;
const BLUE = [0, 0, 255, 255] as const;
const pixel = (p: { width: number; rgba: Uint8ClampedArray }, x: number, y: number) => Array.from(p.rgba.slice(4 * (y * p.width + x), 4 * (y * p.width + x) + 4));

describe('samplePixels', () => {
  it('keeps square pixels: the longer side of the data rectangle gets longSide pixels', () => {
    expect(imageSize({ left: 0, right: 2, bottom: 0, top: 1 }, 480)).toEqual({ width: 480, height: 240 });
    expect(imageSize({ left: -1, right: 0, bottom: -3, top: 1 }, 400)).toEqual({ width: 100, height: 400 });
    expect(imageSize({ left: 0, right: 0, bottom: 0, top: 0 }, 64)).toEqual({ width: 64, height: 64 });
  });

  it('draws a disc filled with its colour and a dark rim where the sample lies, transparent elsewhere', () => {
    const edges = { left: 0, right: 1, bottom: 0, top: 1 };
    // (0.25, 0.75): a quarter from the left, a quarter from the top.
    const image = samplePixels([[0.25, 0.75]], [RED], edges, { ...SAMPLE_DISCS, longSide: 40 });
    expect([image.width, image.height]).toEqual([40, 40]);
    expect(pixel(image, 10, 10)).toEqual([255, 0, 0, 255]);
    expect(pixel(image, 9, 9)).toEqual([255, 0, 0, 255]);
    // The centre lies on the corner of pixels 9 and 10; pixel (11, 13)'s centre is 3.8 px from it, on the rim.
    expect(pixel(image, 11, 13)).toEqual([34, 34, 34, 255]);
    expect(pixel(image, 30, 30)[3]).toBe(0);
    expect(pixel(image, 10, 30)[3]).toBe(0); // the same x lower down: no disc there
    expect(pixel(image, 20, 10)[3]).toBe(0);
  });

  it('draws later samples over earlier ones, and clips discs at the edges', () => {
    const edges = { left: 0, right: 1, bottom: 0, top: 1 };
    const image = samplePixels([[0.5, 0.5], [0.5, 0.5], [0, 1]], [RED, BLUE, RED], edges, { ...SAMPLE_DISCS, longSide: 20 });
    expect(pixel(image, 10, 10)).toEqual([0, 0, 255, 255]);
    expect(pixel(image, 0, 0)).toEqual([255, 0, 0, 255]); // the corner sample: a quarter disc
    expect(pixel(image, 19, 19)[3]).toBe(0);
  });
});
