import { describe, expect, it } from 'vitest';
import { COLORWAY } from '../plots/plot-legend.ts';
import { chartLayout, chartTraces, formatFindingValue } from './demo-charts.ts';

describe('demo charts', () => {
  it('draws series with a shared color index in the same color, others in Plotly’s order', () => {
    const traces = chartTraces({
      id: 'c',
      title: 't',
      xTitle: 'x',
      yTitle: 'y',
      yLog: true,
      series: [
        { name: 'run', x: [0, 1], y: [1, 2], colorIndex: 2 },
        { name: 'its edge', x: [0, 1], y: [3, 3], dash: 'dash', colorIndex: 2 },
        { name: 'free', x: [0], y: [1] },
      ],
    }) as unknown as { line: { color?: string; dash: string }; x: number[] }[];
    expect(traces[0]!.line.color).toBe(COLORWAY[2]);
    expect(traces[1]!.line).toEqual({ dash: 'dash', color: COLORWAY[2] });
    expect(traces[2]!.line.color).toBeUndefined();
    expect(traces[0]!.x).toEqual([0, 1]);
    expect(chartLayout({ id: 'c', title: 't', xTitle: 'x', yTitle: 'y', yLog: true, series: [] })).toMatchObject({ xaxis: { type: 'linear' }, yaxis: { type: 'log' } });
  });

  it('prints findings as they would be read', () => {
    expect(formatFindingValue(true)).toBe('yes');
    expect(formatFindingValue(12)).toBe('12');
    expect(formatFindingValue(1.04213)).toBe('1.042');
    expect(formatFindingValue(1.7e-7)).toBe('1.700e-7');
    expect(formatFindingValue('(2, -2)')).toBe('(2, -2)');
    expect(formatFindingValue(Number.NaN)).toBe('NaN');
  });
});
