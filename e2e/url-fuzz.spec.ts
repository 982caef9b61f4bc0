import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { TINY_SPEC, hashOf } from './lab-helpers.ts';

/** Mutations of a real link: truncations, replaced and inserted characters, and random strings. */
function hashes(valid: string) {
  const body = valid.slice('#spec='.length);
  const mutated = fc
    .tuple(fc.nat({ max: body.length - 1 }), fc.nat({ max: body.length - 1 }), fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom('cut', 'replace', 'insert'))
    .map(([i, j, s, how]) => {
      const [a, b] = [Math.min(i, j), Math.max(i, j)];
      if (how === 'cut') return `#spec=${body.slice(0, a)}`;
      if (how === 'replace') return `#spec=${body.slice(0, a)}${s}${body.slice(a + s.length)}`;
      return `#spec=${body.slice(0, a)}${s}${body.slice(a, b)}${body.slice(b)}`;
    });
  return fc.oneof(mutated, fc.string().map((s) => `#spec=${s}`), fc.string(), fc.constant(valid));
}

test('thousands of random and mutated links each load or name what was wrong, without an uncaught error', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  const valid = hashOf(TINY_SPEC);
  const samples = fc.sample(hashes(valid), { numRuns: 3000, seed: 20261129 });
  const outcomes = await page.evaluate((all) => {
    const lab = (window as unknown as { curvatureLab: { decodeHash(h: string): { ok: boolean; errors?: { path: string; message: string }[] } } }).curvatureLab;
    return all.map((h) => {
      try {
        const r = lab.decodeHash(h);
        return r.ok ? 'ok' : r.errors!.length > 0 && r.errors!.every((e) => (e.path + e.message).trim().length > 0) ? 'message' : 'silent';
      } catch (e) {
        return `threw: ${String(e)}`;
      }
    });
  }, samples);
  expect(outcomes.filter((o) => o !== 'ok' && o !== 'message')).toEqual([]);
  expect(outcomes).toContain('ok');
  expect(outcomes).toContain('message');

  // Some of them through the address bar itself: the page stays alive and explains.
  for (const hash of samples.slice(0, 25)) {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await expect(page.getByRole('heading', { name: 'Curvature Lab' })).toBeVisible();
  }
  expect(errors).toEqual([]);
});
