/**
 * Matrices drawn as an image under Plotly axes instead of as a Plotly heatmap: Plotly colours a
 * 371×371 heatmap on the main thread in ~250 ms here, while filling RGBA bytes takes a few ms.
 * The image is an uncompressed BMP: writing it is a copy, where PNG encoding through a canvas
 * (convertToBlob) measured ~100 ms of main-thread time per image on these machines. Its header
 * (BITMAPV4HEADER with an alpha mask) makes browsers honour alpha, so an image can lie over another.
 */
import { useEffect, useState } from 'react';

export type Rgba = readonly [number, number, number, number];

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA, row 0 at the top of the image. */
  readonly rgba: Uint8ClampedArray;
}

/** Row j of `rows` becomes image row j (top to bottom). */
export function matrixPixels(rows: readonly ArrayLike<number>[], color: (value: number) => Rgba): Pixels {
  const height = rows.length;
  const width = height ? rows[0]!.length : 0;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let j = 0, o = 0; j < height; j++) {
    const row = rows[j]!;
    for (let i = 0; i < width; i++, o += 4) {
      const c = color(row[i]!);
      rgba[o] = c[0];
      rgba[o + 1] = c[1];
      rgba[o + 2] = c[2];
      rgba[o + 3] = c[3];
    }
  }
  return { width, height, rgba };
}

/** The 256 shades from white (fade 255) to `full` (fade 0), made once per scale: no colour is allocated per pixel. */
function fades(full: (fade: number) => Rgba): Rgba[] {
  return Array.from({ length: 256 }, (_, fade) => full(fade));
}

/** Blue below zero, white at zero, red above; `max` maps to full saturation. Non-finite values are grey. */
export function divergingColor(max: number): (value: number) => Rgba {
  const scale = max > 0 ? 1 / max : 0;
  const reds = fades((fade) => [255, fade, fade, 255]);
  const blues = fades((fade) => [fade, fade, 255, 255]);
  const grey: Rgba = [160, 160, 160, 255];
  return (value) => {
    if (!Number.isFinite(value)) return grey;
    const t = Math.max(-1, Math.min(1, value * scale));
    const fade = Math.round(255 * (1 - Math.abs(t)));
    return t >= 0 ? reds[fade]! : blues[fade]!;
  };
}

const FILE_HEADER_BYTES = 14;
const V4_HEADER_BYTES = 108;
const BMP_HEADER_BYTES = FILE_HEADER_BYTES + V4_HEADER_BYTES;
const BI_BITFIELDS = 3;
/** "sRGB", as the V4 header spells its colour space. */
const LCS_SRGB = 0x73524742;

/**
 * A 32-bit top-down BMP of the pixels: BGRA rows, with the channel masks of a BITMAPV4HEADER (the
 * 40-byte BITMAPINFOHEADER has no alpha mask, and Chromium then draws every pixel opaque).
 */
export function pixelsToBmp(pixels: Pixels): Uint8Array<ArrayBuffer> {
  const { width, height, rgba } = pixels;
  const bytes = new Uint8Array(BMP_HEADER_BYTES + width * height * 4);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // "BM"
  bytes[1] = 0x4d;
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, BMP_HEADER_BYTES, true);
  view.setUint32(14, V4_HEADER_BYTES, true);
  view.setInt32(18, width, true);
  view.setInt32(22, -height, true); // negative: rows run top to bottom
  view.setUint16(26, 1, true);
  view.setUint16(28, 32, true);
  view.setUint32(30, BI_BITFIELDS, true);
  view.setUint32(34, width * height * 4, true);
  view.setUint32(54, 0x00ff0000, true); // red mask
  view.setUint32(58, 0x0000ff00, true); // green
  view.setUint32(62, 0x000000ff, true); // blue
  view.setUint32(66, 0xff000000, true); // alpha
  view.setUint32(70, LCS_SRGB, true);
  for (let p = 0, o = BMP_HEADER_BYTES; p < rgba.length; p += 4, o += 4) {
    bytes[o] = rgba[p + 2]!;
    bytes[o + 1] = rgba[p + 1]!;
    bytes[o + 2] = rgba[p]!;
    bytes[o + 3] = rgba[p + 3]!;
  }
  return bytes;
}

/** An object URL of the image, or null for an empty one. */
export function pixelsToUrl(pixels: Pixels): string | null {
  if (pixels.width === 0 || pixels.height === 0) return null;
  return URL.createObjectURL(new Blob([pixelsToBmp(pixels)], { type: 'image/bmp' }));
}

/** The image URL of `pixels` (null until encoded); the previous URL is released when it changes. */
export function useImageUrl(pixels: Pixels | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = pixels ? pixelsToUrl(pixels) : null;
    setUrl(made);
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [pixels]);
  return url;
}

/**
 * A Plotly layout image covering the data rectangle from x `left` to `right` and y `top` to
 * `bottom` (edges, not centres), where `top` is the y value drawn at the top: the larger one on a
 * normal axis, the smaller one on a reversed axis (a matrix with row 0 at the top).
 */
export function imageLayer(url: string, edges: { left: number; right: number; top: number; bottom: number }, layer: 'below' | 'above' = 'below') {
  const { left, right, top, bottom } = edges;
  return { source: url, xref: 'x', yref: 'y', x: left, y: top, sizex: right - left, sizey: Math.abs(top - bottom), xanchor: 'left', yanchor: 'top', sizing: 'stretch', layer };
}
