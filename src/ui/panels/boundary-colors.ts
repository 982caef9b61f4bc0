/** The decision boundary's colours: each class's region faded, its samples at full strength. */
import type { Rgba } from '../plots/heatmap-image.ts';
import { COLORWAY } from '../plots/plot-legend.ts';

function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The class colour faded towards white, so the samples stay visible on top. */
function regionColor(index: number, strength: number): [number, number, number] {
  const rgb = hexRgb(COLORWAY[index % COLORWAY.length]!);
  return rgb.map((c) => Math.round(255 + (c - 255) * strength)) as [number, number, number];
}

/** Predicted class → its faded colour; for a single logistic output, the probability blends the two. */
export function regionColors(logistic: boolean): (value: number) => Rgba {
  const [c0, c1] = [regionColor(0, 0.4), regionColor(1, 0.4)];
  if (logistic) {
    const mix = (k: number, p: number): number => Math.round(c0[k]! + (c1[k]! - c0[k]!) * p);
    return (p) => [mix(0, p), mix(1, p), mix(2, p), 255];
  }
  return (k) => [...regionColor(k, 0.4), 255];
}

const NO_CLASS: Rgba = [128, 128, 128, 255];

/** A sample's colour: its class's, at full strength; grey for a label that names no class. */
export function sampleColor(label: number): Rgba {
  if (!Number.isInteger(label) || label < 0) return NO_CLASS;
  return [...hexRgb(COLORWAY[label % COLORWAY.length]!), 255];
}
