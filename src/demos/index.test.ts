import { describe, expect, it } from 'vitest';
import { decodeSpecFromHash, encodeSpecToHash } from '../experiment/url.ts';
import { demoHash, demoViewOf, variantSpec } from './demo-spec.ts';
import { DEMOS, demoById } from './index.ts';

describe('the demo gallery', () => {
  it('has unique, URL-safe ids, found by id', () => {
    const ids = DEMOS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const demo of DEMOS) {
      expect(demo.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(demoById(demo.id)).toBe(demo);
    }
    expect(demoById('no-such-demo')).toBeUndefined();
  });

  it('gives every demo its texts, a paper, variants with distinct labels and a thumbnail inside the unit square', () => {
    for (const demo of DEMOS) {
      for (const text of [demo.title, demo.summary, demo.look, demo.meaning, demo.paper]) expect(text.trim().length, demo.id).toBeGreaterThan(3);
      expect(demo.summary.length, `${demo.id}: a card's line`).toBeLessThanOrEqual(140);
      expect(demo.paper, demo.id).toMatch(/(19|20)\d\d/);
      expect(demo.variants.length, demo.id).toBeGreaterThan(0);
      expect(new Set(demo.variants.map((v) => v.label)).size, demo.id).toBe(demo.variants.length);
      expect(demo.thumbnail.lines.length, demo.id).toBeGreaterThan(0);
      for (const line of demo.thumbnail.lines) {
        expect(line.points.length, demo.id).toBeGreaterThan(1);
        for (const [x, y] of line.points) {
          expect(x >= 0 && x <= 1 && y >= 0 && y <= 1, `${demo.id}: (${x}, ${y})`).toBe(true);
        }
      }
    }
  });

  it('makes every variant a valid spec whose link loads it back unchanged, marked with its demo', () => {
    for (const demo of DEMOS) {
      demo.variants.forEach((_, i) => {
        const spec = variantSpec(demo, i);
        const decoded = decodeSpecFromHash(demoHash(demo, i));
        expect(decoded.ok, `${demo.id} #${i}`).toBe(true);
        if (!decoded.ok) return;
        expect(decoded.spec).toEqual(spec);
        // The page re-encodes what it loaded: the same link, so opening a demo adds no history entry.
        expect(encodeSpecToHash(decoded.spec), `${demo.id} #${i}`).toBe(demoHash(demo, i));
        expect(demoViewOf(decoded.spec)).toEqual({ demo: demo.id, variant: i });
      });
    }
  });
});
