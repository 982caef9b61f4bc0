/**
 * Training samples drawn as one image (discs with a dark rim on a transparent background) over the
 * decision regions, instead of as a few hundred Plotly markers: the markers' first draw (an SVG
 * path per sample, each styled) took 45–110 ms of the page's main thread while a run started, and
 * filling the pixels of 300 discs takes a few ms. The image is made once per dataset.
 */
import type { Pixels, Rgba } from './heatmap-image.ts';

export interface SampleDiscs {
  /** Pixels along the longer side of the data rectangle; the other side keeps its aspect ratio. */
  readonly longSide: number;
  /** Disc radius in image pixels, rim included. */
  readonly radius: number;
  readonly rim: number;
  readonly rimColor: Rgba;
}

export const SAMPLE_DISCS: SampleDiscs = { longSide: 480, radius: 4.5, rim: 1.2, rimColor: [34, 34, 34, 255] };

export interface DataEdges {
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  readonly top: number;
}

/** Image size for the data rectangle: square pixels, so that discs stay round on equal axes. */
export function imageSize(edges: DataEdges, longSide: number): { width: number; height: number } {
  const w = Math.abs(edges.right - edges.left);
  const h = Math.abs(edges.top - edges.bottom);
  if (!(w > 0 && h > 0)) return { width: longSide, height: longSide };
  return w >= h ? { width: longSide, height: Math.max(1, Math.round((longSide * h) / w)) } : { width: Math.max(1, Math.round((longSide * w) / h)), height: longSide };
}

/** Straight-alpha "over": `color` with coverage `alpha` (0..1) onto the pixel at byte `o`. */
function blend(rgba: Uint8ClampedArray, o: number, color: Rgba, alpha: number): void {
  const a = (alpha * color[3]) / 255;
  const below = rgba[o + 3]! / 255;
  const out = a + below * (1 - a);
  if (out <= 0) return;
  for (let c = 0; c < 3; c++) rgba[o + c] = (color[c]! * a + rgba[o + c]! * below * (1 - a)) / out;
  rgba[o + 3] = out * 255;
}

/** The samples `points` (x, y in data units), sample i filled with `colors[i]`, later samples over earlier ones. */
export function samplePixels(points: readonly (readonly number[])[], colors: readonly Rgba[], edges: DataEdges, discs: SampleDiscs = SAMPLE_DISCS): Pixels {
  const { width, height } = imageSize(edges, discs.longSide);
  const rgba = new Uint8ClampedArray(width * height * 4);
  const sx = width / (edges.right - edges.left);
  const sy = height / (edges.top - edges.bottom);
  const { radius, rim, rimColor } = discs;
  const reach = Math.ceil(radius + 1);
  points.forEach((p, i) => {
    const cx = (p[0]! - edges.left) * sx;
    const cy = (edges.top - p[1]!) * sy; // image rows run down the screen
    const fill = colors[i]!;
    const px0 = Math.max(0, Math.floor(cx) - reach);
    const px1 = Math.min(width - 1, Math.floor(cx) + reach);
    const py0 = Math.max(0, Math.floor(cy) - reach);
    const py1 = Math.min(height - 1, Math.floor(cy) + reach);
    for (let py = py0; py <= py1; py++) {
      for (let px = px0; px <= px1; px++) {
        const d = Math.hypot(px + 0.5 - cx, py + 0.5 - cy);
        // Coverage with a one-pixel soft edge, for the disc and for its inside (the fill).
        const disc = Math.min(1, Math.max(0, radius + 0.5 - d));
        if (disc <= 0) continue;
        const inside = Math.min(1, Math.max(0, radius - rim + 0.5 - d));
        const o = 4 * (py * width + px);
        blend(rgba, o, rimColor, disc);
        if (inside > 0) blend(rgba, o, fill, inside);
      }
    }
  });
  return { width, height, rgba };
}
