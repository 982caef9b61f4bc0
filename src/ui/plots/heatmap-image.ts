/**
 * Matrices drawn as an image under Plotly axes instead of as a Plotly heatmap: Plotly colours a
 * 371×371 heatmap on the main thread in ~250 ms here, while filling RGBA bytes takes a few ms and
 * the PNG encoding (convertToBlob) runs off the main thread.
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
  for (let j = 0; j < height; j++) {
    const row = rows[j]!;
    for (let i = 0; i < width; i++) rgba.set(color(row[i]!), 4 * (j * width + i));
  }
  return { width, height, rgba };
}

/** Blue below zero, white at zero, red above; `max` maps to full saturation. Non-finite values are grey. */
export function divergingColor(max: number): (value: number) => Rgba {
  const scale = max > 0 ? 1 / max : 0;
  return (value) => {
    if (!Number.isFinite(value)) return [160, 160, 160, 255];
    const t = Math.max(-1, Math.min(1, value * scale));
    const fade = Math.round(255 * (1 - Math.abs(t)));
    return t >= 0 ? [255, fade, fade, 255] : [fade, fade, 255, 255];
  };
}

/** An object URL of the PNG, or null where the browser cannot encode images off-screen. */
export async function pixelsToUrl(pixels: Pixels): Promise<string | null> {
  if (typeof OffscreenCanvas === 'undefined' || pixels.width === 0 || pixels.height === 0) return null;
  const canvas = new OffscreenCanvas(pixels.width, pixels.height);
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.putImageData(new ImageData(new Uint8ClampedArray(pixels.rgba), pixels.width, pixels.height), 0, 0);
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
}

/** The image URL of `pixels` (null until encoded); the previous URL is released when it changes. */
export function useImageUrl(pixels: Pixels | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!pixels) {
      setUrl(null);
      return;
    }
    let alive = true;
    let made: string | null = null;
    void pixelsToUrl(pixels).then((u) => {
      made = u;
      if (alive) setUrl(u);
      else if (u) URL.revokeObjectURL(u);
    });
    return () => {
      alive = false;
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
export function imageLayer(url: string, edges: { left: number; right: number; top: number; bottom: number }) {
  const { left, right, top, bottom } = edges;
  return { source: url, xref: 'x', yref: 'y', x: left, y: top, sizex: right - left, sizey: Math.abs(top - bottom), xanchor: 'left', yanchor: 'top', sizing: 'stretch', layer: 'below' };
}
