import { describe, expect, it } from 'vitest';
import { COLORWAY, legendItems, withHidden } from './plot-legend.ts';

describe('legendItems', () => {
  it('gives each named trace the colour Plotly assigns by position, or its own', () => {
    const items = legendItems([
      { type: 'scatter', mode: 'lines', name: 'train loss' },
      { type: 'heatmap', z: [[1]] },
      { type: 'scatter', mode: 'markers', name: 'test', marker: { color: '#123456' } },
      { type: 'scatter', mode: 'lines', name: '2/η', line: { dash: 'dash', color: '#c00' } },
      { type: 'scatter', mode: 'lines', name: 'hidden', showlegend: false },
    ]);
    expect(items).toEqual([
      { name: 'train loss', color: COLORWAY[0], dash: false, marker: false },
      { name: 'test', color: '#123456', dash: false, marker: true },
      { name: '2/η', color: '#c00', dash: true, marker: false },
    ]);
  });

  it('hides clicked-off traces without dropping them (colours stay put)', () => {
    const data = [{ name: 'a' }, { name: 'b' }];
    const drawn = withHidden(data, new Set(['b']));
    expect(drawn).toHaveLength(2);
    expect(drawn[1]!['visible']).toBe('legendonly');
    expect(drawn[0]).toBe(data[0]);
  });
});
