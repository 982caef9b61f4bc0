/**
 * A teaching demo: preset experiments (each a spec, so a URL), what to look at, what it means, the
 * paper it comes from, and an analysis that turns the finished runs into the numbers that show
 * the effect. A demo with several variants (learning rates, batch sizes, directions ...) runs them
 * one after another; the analysis sees all of their results.
 */
import type { ExperimentResult } from '../experiment/result.ts';

export interface DemoVariant {
  /** Short, e.g. "η = 0.05" or "with reorthogonalization". */
  readonly label: string;
  /** The experiment as spec JSON; fields left out take their defaults. `view.demo` is added. */
  readonly spec: Readonly<Record<string, unknown>>;
}

/** One number (or short text) the analysis found, shown in the demo's table and read by its test. */
export interface DemoFinding {
  /** Stable key, e.g. "lambdaOverTwoOverEta.0". */
  readonly id: string;
  readonly label: string;
  readonly value: number | string | boolean;
  /** What the value should be if the effect shows, e.g. "≈ 1 (within 15%)". */
  readonly expected?: string;
}

export interface DemoSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly mode?: 'lines' | 'markers' | 'lines+markers';
  readonly dash?: 'solid' | 'dash' | 'dot';
  /** The same index gives the same color (e.g. a run and its reference line); by default each series its own. */
  readonly colorIndex?: number;
}

/** A comparison chart across the variants (Plotly draws it in the demo panel). */
export interface DemoChart {
  readonly id: string;
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  readonly series: readonly DemoSeries[];
}

export interface DemoAnalysis {
  readonly findings: readonly DemoFinding[];
  readonly charts: readonly DemoChart[];
  /** One or two sentences: did the effect show, in these numbers. */
  readonly verdict: string;
}

/** A line drawing in the unit square (y up) for the gallery card: what the plot of the effect looks like. */
export interface DemoThumbnail {
  readonly lines: readonly { readonly points: readonly (readonly [number, number])[]; readonly dash?: boolean }[];
}

export interface Demo {
  /** URL-safe, e.g. "edge-of-stability". */
  readonly id: string;
  readonly title: string;
  /** The card's one line. */
  readonly summary: string;
  /** "Cohen, Kaur, Li, Kolter, Talwalkar (2021), Gradient descent on neural networks typically occurs at the edge of stability, ICLR". */
  readonly paper: string;
  /** What to look at in the panels and the demo's charts. */
  readonly look: string;
  /** What it means. */
  readonly meaning: string;
  readonly variants: readonly DemoVariant[];
  /** Runs on the main thread after every variant finished; keep heavy float64 work to small models. */
  analyze(results: readonly ExperimentResult[]): DemoAnalysis | Promise<DemoAnalysis>;
  readonly thumbnail: DemoThumbnail;
}

/** The finding with this id; throws when the analysis did not produce it (a test should fail, not pass vacuously). */
export function finding(analysis: DemoAnalysis, id: string): DemoFinding {
  const found = analysis.findings.find((f) => f.id === id);
  if (!found) throw new Error(`the analysis has no finding "${id}"; it has ${analysis.findings.map((f) => f.id).join(', ')}`);
  return found;
}

export function numericFinding(analysis: DemoAnalysis, id: string): number {
  const value = finding(analysis, id).value;
  if (typeof value !== 'number') throw new Error(`finding "${id}" is not a number: ${String(value)}`);
  return value;
}
