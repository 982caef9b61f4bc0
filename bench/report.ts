/** The Markdown table of a benchmark run (bench/results/latest.md) and the targets it is read against. */
import { median } from './stats.ts';

export const TARGETS = {
  hvpOverGrad: 'HVP time / gradient time ≤ 2.5',
  vsTfjs: 'ours / TF.js WebGPU ≤ 0.2 (5× faster) at the two MNIST sizes',
  landscapeBatched: 'batched / one point at a time ≤ 0.1 (10× faster)',
  slqOverhead: 'SLQ time / (probes × steps × HVP time) ≤ 1.3',
  firstSpectrumMs: 'under 3000 ms on SwiftShader',
  longTasks: 'no main-thread task over 50 ms',
} as const;

interface Timed {
  readonly case: string;
  readonly ratio?: number;
  readonly skipped?: string;
}

export interface BenchResults {
  readonly adapter: string;
  readonly cpuCores: number;
  readonly quick: boolean;
  readonly timestampQueries: boolean;
  readonly wallSeconds: number;
  readonly hvpOverGrad: readonly (Timed & { clock: string; gradientMs: number[]; hvpMs: number[] })[];
  readonly vsTfjs: readonly (Timed & { backend: string; oursMs?: number[]; tfjsMs?: number[]; relativeError?: number })[];
  readonly landscapeBatched: Timed & { resolution: number; batchedMs: number[]; pointwiseMs: number[]; relativeError: number };
  readonly slqOverhead: readonly (Timed & { probes?: number; steps?: number; slqMs?: number[]; hvpMs?: number[]; note?: string })[];
  readonly firstSpectrumMs: number;
  readonly firstSpectrumLoadsMs?: readonly number[];
  readonly firstSpectrumFirstVisitMs?: number;
  readonly longTasks: { readonly count: number; readonly runMs: number; readonly runFinished: boolean };
}

const ms = (values: readonly number[] | undefined): string => (values && values.length ? `${median(values).toFixed(1)} ms` : '–');
const ratio = (r: number | undefined, digits = 2): string => (r === undefined ? '–' : r.toFixed(digits));

export function benchMarkdown(r: BenchResults): string {
  const lines = [
    `# Benchmarks (${r.adapter}, ${r.cpuCores} CPU cores${r.quick ? ', --quick' : ''}, ${r.wallSeconds} s)`,
    '',
    `GPU timestamp queries: ${r.timestampQueries ? 'yes (hvpOverGrad times are GPU time)' : 'no (wall clock everywhere)'}. Times are medians of repeats; ratios are medians of the per-repeat ratios of alternated runs (SLQ: ratio of medians).`,
    '',
    `## hvpOverGrad (target: ${TARGETS.hvpOverGrad})`,
    '',
    '| case | clock | gradient | HVP | HVP / gradient |',
    '| --- | --- | --- | --- | --- |',
    ...r.hvpOverGrad.map((e) => `| ${e.case} | ${e.clock} | ${ms(e.gradientMs)} | ${ms(e.hvpMs)} | ${ratio(e.ratio)} |`),
    '',
    `## vsTfjs (target: ${TARGETS.vsTfjs}; wall clock, HVP with read-back, results checked equal first)`,
    '',
    '| case | TF.js backend | ours | TF.js | ours / TF.js | relative difference |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.vsTfjs.map((e) =>
      e.skipped
        ? `| ${e.case} | ${e.backend} | skipped: ${e.skipped} | | | |`
        : `| ${e.case} | ${e.backend} | ${ms(e.oursMs)} | ${ms(e.tfjsMs)} | ${ratio(e.ratio, 3)} | ${e.relativeError?.toExponential(1)} |`,
    ),
    '',
    `## landscapeBatched (target: ${TARGETS.landscapeBatched})`,
    '',
    '| case | grid | batched | one point at a time | batched / pointwise |',
    '| --- | --- | --- | --- | --- |',
    `| ${r.landscapeBatched.case} | ${r.landscapeBatched.resolution}×${r.landscapeBatched.resolution} | ${ms(r.landscapeBatched.batchedMs)} | ${ms(r.landscapeBatched.pointwiseMs)} | ${ratio(r.landscapeBatched.ratio, 3)} |`,
    '',
    `## slqOverhead (target: ${TARGETS.slqOverhead})`,
    '',
    '| case | probes × steps | SLQ | HVP | overhead ratio |',
    '| --- | --- | --- | --- | --- |',
    ...r.slqOverhead.map((e) =>
      e.skipped ? `| ${e.case} | skipped: ${e.skipped} | | | |` : `| ${e.case} | ${e.probes} × ${e.steps} | ${ms(e.slqMs)} | ${ms(e.hvpMs)} | ${ratio(e.ratio)} |`,
    ),
    '',
    '## Page (headless Chromium, default experiment)',
    '',
    `First spectrum drawn ${r.firstSpectrumMs} ms after page load${r.firstSpectrumLoadsMs ? `, the median of ${r.firstSpectrumLoadsMs.length} returning visits (${r.firstSpectrumLoadsMs.join(', ')} ms; HTTP and code caches kept, WebGPU started)` : ''}${r.firstSpectrumFirstVisitMs !== undefined ? `; first visit in a fresh browser profile: ${r.firstSpectrumFirstVisitMs} ms` : ''}. Run pressed as soon as the plotting library was ready (target: ${TARGETS.firstSpectrumMs}).`,
    `Main-thread tasks over 50 ms: ${r.longTasks.count} in ${r.longTasks.runMs} ms of the last load's run, from that early Run on${r.longTasks.runFinished ? '' : ' (stopped watching before it finished)'} (target: ${TARGETS.longTasks}).`,
    '',
  ];
  return lines.join('\n');
}
