import * as lzNamespace from 'lz-string';
import { describe, expect, it } from 'vitest';
import { defaultSpec, formatSpecErrors, parseSpec, type ExperimentSpec, type SpecParseResult } from './spec.ts';
import { decodeSpecFromHash, decodeSpecFromUrl, encodeSpecToHash, MAX_ENCODED_LENGTH, specUrl } from './url.ts';

type LzString = typeof lzNamespace;
const lz: LzString = (lzNamespace as unknown as { default?: LzString }).default ?? lzNamespace;

function specOf(result: SpecParseResult): ExperimentSpec {
  if (!result.ok) throw new Error(formatSpecErrors(result.errors));
  return result.spec;
}

function messageOf(result: SpecParseResult): string {
  if (result.ok) throw new Error('expected the link to be rejected');
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]!.path).toBe('');
  return result.errors[0]!.message;
}

const RICH = specOf(
  parseSpec({
    seed: 42,
    model: { layers: [1, 32, 32, 1], activation: 'gelu' },
    loss: 'mse',
    data: { name: 'sine', n: 500, noise: 0.05, testFraction: 0.1 },
    train: { optimizer: 'adam', lr: 0.003, steps: 1000, batchSize: 32, weightDecay: 1e-4 },
    probes: { every: 20, operator: 'ggn', samples: 128, eigenvalues: { k: 10, method: 'power', steps: 50 }, trace: { method: 'hutch++', samples: 30 }, density: null },
    changes: [
      { step: 300, train: { lr: 0.001 } },
      { step: 600, probes: { eigenvalues: null, density: { gridSize: 100 } }, train: { batchSize: null } },
    ],
    landscape: { directions: 'hessian', resolution: 31, range: 0.5, dims: 1, keepBiases: true },
    view: { panels: ['loss', 'spectrum', 'landscape'], logScale: true, note: 'ünïcødé ✓ "quotes" & #hash' },
  }),
);

describe('URL codec', () => {
  it('round-trips the default and a rich spec', () => {
    for (const spec of [defaultSpec(), RICH]) {
      const hash = encodeSpecToHash(spec);
      expect(hash.startsWith('#spec=')).toBe(true);
      expect(hash.slice('#spec='.length)).toMatch(/^[A-Za-z0-9+\-$]+$/);
      expect(specOf(decodeSpecFromHash(hash))).toEqual(spec);
      expect(specOf(decodeSpecFromHash(hash.slice(1)))).toEqual(spec); // without the '#'
    }
  });

  it('gives a filled-in spec the link it had: parsing again changes no byte, whichever fields were left out', () => {
    const sparse = [{ train: { optimizer: 'adam' } }, { train: { steps: 5 }, race: [{ optimizer: 'newton-cg' }, { lr: 0.3 }] }, { train: { optimizer: 'mfac', memory: 4 } }];
    for (const input of sparse) {
      const hash = encodeSpecToHash(specOf(parseSpec(input)));
      expect(encodeSpecToHash(specOf(decodeSpecFromHash(hash))), JSON.stringify(input)).toBe(hash);
    }
  });

  it('stores the full spec JSON', () => {
    const encoded = encodeSpecToHash(RICH).slice('#spec='.length);
    expect(JSON.parse(lz.decompressFromEncodedURIComponent(encoded))).toEqual(RICH);
  });

  it('builds and reads whole URLs, replacing any old hash', () => {
    const url = specUrl('https://lab.example/curvature/?embed=1#spec=old&x=1', RICH);
    expect(url.startsWith('https://lab.example/curvature/?embed=1#spec=')).toBe(true);
    expect(specOf(decodeSpecFromUrl(url))).toEqual(RICH);
    expect(specUrl('http://localhost:5173/', RICH)).toBe(`http://localhost:5173/${encodeSpecToHash(RICH)}`);
  });

  it('finds spec= among other hash parameters', () => {
    const hash = encodeSpecToHash(RICH);
    expect(specOf(decodeSpecFromHash(`#panel=loss&${hash.slice(1)}&theme=dark`))).toEqual(RICH);
  });

  it('survives %-encoding and "+" turned into spaces on the way', () => {
    const encoded = encodeSpecToHash(RICH).slice('#spec='.length);
    const percent = [...encoded].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    expect(specOf(decodeSpecFromHash(`#spec=${percent}`))).toEqual(RICH);
    // Find a spec whose encoding contains '+', then deliver it the way form decoders do.
    let seed = 0;
    let hash = '';
    do hash = encodeSpecToHash({ ...RICH, seed: seed++ });
    while (!hash.includes('+'));
    expect(specOf(decodeSpecFromHash(hash.replaceAll('+', ' '))).seed).toBe(seed - 1);
  });

  it('explains a missing or empty spec parameter', () => {
    for (const hash of ['', '#', '#panel=loss', '#specs=abc']) {
      expect(messageOf(decodeSpecFromHash(hash))).toBe(
        'the link has no "#spec=..." part, so it holds no experiment; use a link made with the lab\'s Share button',
      );
    }
    expect(messageOf(decodeSpecFromHash('#spec='))).toBe('the "spec=" part of the link is empty: the link looks truncated; copy the whole link');
    expect(messageOf(decodeSpecFromUrl('https://lab.example/'))).toMatch(/^the link has no "#spec=\.\.\." part: .*copy the whole link$/);
  });

  it('explains truncated links', () => {
    const hash = encodeSpecToHash(RICH);
    for (const cut of [10, 50, 100, Math.floor(hash.length / 2), hash.length - 20, hash.length - 2]) {
      const decoded = decodeSpecFromHash(hash.slice(0, cut));
      // The last characters of an LZ stream can be padding: a cut that loses nothing decodes to the same spec.
      if (decoded.ok && cut >= hash.length - 2) {
        expect(decoded.spec).toEqual(RICH);
        continue;
      }
      const message = messageOf(decoded);
      expect(message).toMatch(/truncated/);
      expect(message).toMatch(/copy the whole link/);
    }
  });

  it('explains mangled links', () => {
    const hash = encodeSpecToHash(RICH);
    expect(messageOf(decodeSpecFromHash(`${hash.slice(0, 40)}"<>${hash.slice(43)}`))).toBe(
      'the spec in the link contains characters a lab link never has: the link was changed on its way; copy the original link again',
    );
    expect(messageOf(decodeSpecFromHash('#spec=%E0%A4%A'))).toBe('the link was mangled on its way (broken %-escapes); copy the original link again');
    expect(messageOf(decodeSpecFromHash(`#spec=${lz.compressToEncodedURIComponent('{"seed": 1, "tra')}`))).toBe(
      'the spec in the link decompresses to broken JSON: the link looks truncated or mangled; copy the whole link',
    );
    expect(messageOf(decodeSpecFromHash(`#spec=${'A'.repeat(MAX_ENCODED_LENGTH + 1)}`))).toContain('not made by the lab');
  });

  it('reports spec errors from a link like any other spec', () => {
    const bad = `#spec=${lz.compressToEncodedURIComponent(JSON.stringify({ train: { lr: -1 } }))}`;
    expect(decodeSpecFromHash(bad)).toEqual({ ok: false, errors: [{ path: 'train.lr', message: 'must be a positive learning rate, e.g. 0.1, got -1' }] });
    const newer = `#spec=${lz.compressToEncodedURIComponent(JSON.stringify({ version: 3 }))}`;
    const result = decodeSpecFromHash(newer);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toContain('made by a newer Curvature Lab');
  });

  it('reads version-0 specs from old links, with the upgrade as a warning', () => {
    const old = `#spec=${lz.compressToEncodedURIComponent(JSON.stringify({ hidden: [8], lr: 0.2 }))}`;
    const result = decodeSpecFromHash(old);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.spec.model.layers).toEqual([2, 8, 3]);
      expect(result.spec.train.lr).toBe(0.2);
      expect(result.warnings[0]).toMatch(/^upgraded a version-0 spec/);
    }
  });

  it('never throws on non-string input from untyped callers', () => {
    expect(decodeSpecFromHash(undefined as unknown as string).ok).toBe(false);
    expect(decodeSpecFromUrl(42 as unknown as string).ok).toBe(false);
  });
});
