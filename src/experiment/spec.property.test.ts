/**
 * Links and spec files are user input: whatever arrives, parsing must answer with a spec or with
 * errors that say something, and must never throw.
 */
import fc from 'fast-check';
import * as lzNamespace from 'lz-string';
import { describe, expect, it } from 'vitest';
import { parseSpec, type SpecParseResult } from './spec.ts';
import { decodeSpecFromHash, decodeSpecFromUrl, encodeSpecToHash } from './url.ts';

type LzString = typeof lzNamespace;
const lz: LzString = (lzNamespace as unknown as { default?: LzString }).default ?? lzNamespace;

/** Valid specs of different shapes, as plain JSON, to mutate. */
const BASES: readonly unknown[] = [
  {},
  {
    version: 1,
    seed: 7,
    model: { layers: [2, 16, 16, 3], activation: 'tanh' },
    loss: 'cross-entropy',
    data: { name: 'spirals', n: 300, classes: 3, noise: 0.1 },
    train: { optimizer: 'gd', lr: 0.1, steps: 200 },
    probes: { every: 50, eigenvalues: { k: 5 }, trace: { samples: 200 }, density: { probes: 4, steps: 60 } },
  },
  {
    loss: 'mse',
    model: { layers: [3, 8, 2] },
    data: { name: 'teacher', inputDim: 3, teacherLayers: [3, 4, 2] },
    train: { optimizer: 'adam', batchSize: 16 },
    changes: [{ step: 10, train: { lr: 0.01 } }, { step: 50, probes: { eigenvalues: null, trace: { method: 'hutch++' } } }],
    landscape: { directions: 'pca', dims: 1 },
    view: { panels: ['loss'], extra: { a: [1, 2, { b: null }] } },
  },
  { loss: 'logistic', model: { layers: [2, 4, 1] }, data: { name: 'xor', n: 40 }, probes: { operator: 'fisher', samples: 10 } },
  { hidden: [8], dataset: 'moons', lr: 0.5, topK: 2 }, // version 0
].map((spec) => {
  const result = parseSpec(spec);
  if (!result.ok) throw new Error(`base spec invalid: ${JSON.stringify(result.errors)}`);
  return JSON.parse(JSON.stringify(spec)) as unknown;
});

/** Every path to a value inside a JSON value, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

type Mutation =
  | { kind: 'delete' }
  | { kind: 'replace'; value: unknown }
  | { kind: 'insert'; key: string; value: unknown };

function mutate(base: unknown, pathIndex: number, mutation: Mutation): unknown {
  const root = structuredClone(base) as unknown;
  const paths = pathsOf(root);
  const path = paths[pathIndex % paths.length]!;
  if (path.length === 0) {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'insert' && root !== null && typeof root === 'object' && !Array.isArray(root)) {
      Object.defineProperty(root, mutation.key, { value: mutation.value, enumerable: true, configurable: true, writable: true });
    }
    return root;
  }
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (mutation.kind === 'replace') {
    parent[last] = mutation.value;
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      // defineProperty, so that "__proto__" becomes an own key as JSON.parse would make it.
      Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, configurable: true, writable: true });
    } else if (Array.isArray(target)) target.push(mutation.value);
  }
  return root;
}

function checkResult(result: SpecParseResult): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) {
    expect(typeof result.spec).toBe('object');
    expect(Array.isArray(result.warnings)).toBe(true);
    // Whatever parses must survive its own link (as JSON: a -0 in the input comes back as 0).
    const again = decodeSpecFromHash(encodeSpecToHash(result.spec));
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.spec).toEqual(JSON.parse(JSON.stringify(result.spec)));
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(typeof error.path).toBe('string');
      expect(typeof error.message).toBe('string');
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.message).not.toContain('\n');
    }
  }
}

const fieldNames = fc.constantFrom(
  'version', 'seed', 'model', 'layers', 'activation', 'loss', 'data', 'name', 'n', 'classes', 'noise', 'train', 'lr',
  'optimizer', 'batchSize', 'probes', 'eigenvalues', 'k', 'steps', 'trace', 'density', 'changes', 'step', 'landscape',
  'view', 'panels', '__proto__', 'constructor', 'prototype', 'toString', 'hidden', 'dataset', 'topK',
);
const oddValues = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string(),
  fc.constantFrom(0, -1, 1, 2, 0.5, 1e9, -0, Number.MAX_SAFE_INTEGER, 4097, 60_001, null, true, [], {}, 'tanh', 'mnist', 'hutch++'),
);
const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: 'delete' as const }),
  oddValues.map((value) => ({ kind: 'replace' as const, value })),
  fc.tuple(fc.oneof(fieldNames, fc.string()), oddValues).map(([key, value]) => ({ kind: 'insert' as const, key, value })),
);

describe('parseSpec and the URL codec never throw', () => {
  it('answers any JSON value with a spec or with errors', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        checkResult(parseSpec(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers random objects built from spec field names', () => {
    const specLike = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        oddValues,
        fc.dictionary(fieldNames, tie('node'), { maxKeys: 6 }),
        fc.array(tie('node'), { maxLength: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fieldNames, specLike, { maxKeys: 8 }), (value) => {
        checkResult(parseSpec(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers mutated valid specs (fields deleted, replaced, inserted)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: BASES.length - 1 }),
        fc.array(fc.tuple(fc.nat(), mutations), { minLength: 1, maxLength: 4 }),
        (baseIndex, steps) => {
          let spec = BASES[baseIndex];
          for (const [pathIndex, mutation] of steps) spec = mutate(spec, pathIndex, mutation);
          checkResult(parseSpec(spec));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('answers random and mangled hashes and URLs', () => {
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$'.split(''));
    const validHashes = BASES.map((base) => {
      const result = parseSpec(base);
      if (!result.ok) throw new Error('unreachable');
      return encodeSpecToHash(result.spec);
    });
    const mangled = fc
      .tuple(fc.constantFrom(...validHashes), fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 5 }))
      .map(([hash, at, cut, insert]) => {
        const i = at % hash.length;
        return hash.slice(0, i) + insert + hash.slice(i + cut);
      });
    const hashes = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: alphabet, maxLength: 400 }).map((s) => `#spec=${s}`),
      fc.jsonValue().map((v) => `#spec=${lz.compressToEncodedURIComponent(JSON.stringify(v) ?? '')}`),
      fc.constantFrom(...validHashes).chain((h) => fc.nat({ max: h.length }).map((n) => h.slice(0, n))),
      mangled,
    );
    fc.assert(
      fc.property(hashes, fc.boolean(), (hash, asUrl) => {
        checkResult(asUrl ? decodeSpecFromUrl(`https://lab.example/${hash}`) : decodeSpecFromHash(hash));
      }),
      { numRuns: 3000 },
    );
  });

  it('left Object.prototype alone through all of the above', () => {
    for (const key of ['polluted', 'lr', 'k', 'seed', 'layers', 'panels']) {
      expect(Object.hasOwn(Object.prototype, key)).toBe(false);
    }
  });
});
