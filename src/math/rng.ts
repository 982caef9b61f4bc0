/**
 * Counter-based random numbers: value i of stream s under seed k is a pure function of (k, s, i).
 * The WGSL twin (shaders/rng/*.wgsl) computes the same 32-bit words with the same u32 arithmetic,
 * so a fill on the GPU and here agree bit for bit on the uniforms and on the Rademacher signs.
 */

/** A 32-bit integer finalizer (xor-shift-multiply); every step is a bijection on u32. */
export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

/** The key of a (seed, stream) pair; computed once per fill, on the CPU, and passed to the GPU. */
export function streamKey(seed: number, stream: number): number {
  return mix32((Math.imul(seed >>> 0, 0x9e3779b9) ^ mix32((stream + 0x632be5ab) >>> 0)) >>> 0);
}

/** The 32-bit word at counter i of a keyed stream. */
export function counterBits(key: number, i: number): number {
  return mix32((mix32((i ^ key) >>> 0) + key) >>> 0);
}

/**
 * Uniform in (0, 1): the 23 high bits plus one half, times 2^-23. Every intermediate fits in f32's
 * 24-bit significand, so f32 (WGSL) and f64 (here) get the same value exactly.
 */
export function bitsToUniform(bits: number): number {
  return ((bits >>> 9) + 0.5) * 1.1920928955078125e-7; // 2^-23
}

export function bitsToRademacher(bits: number): number {
  return bits & 0x80000000 ? -1 : 1;
}

/** Box–Muller on the uniforms at counters 2i and 2i+1 (the cosine branch). */
export function gaussianAt(key: number, i: number): number {
  const u1 = bitsToUniform(counterBits(key, (2 * i) >>> 0));
  const u2 = bitsToUniform(counterBits(key, (2 * i + 1) >>> 0));
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2 - Math.PI);
}

export type RandomKind = 'rademacher' | 'gaussian' | 'uniform';

export function randomAt(kind: RandomKind, key: number, i: number): number {
  switch (kind) {
    case 'rademacher':
      return bitsToRademacher(counterBits(key, i));
    case 'uniform':
      return bitsToUniform(counterBits(key, i));
    case 'gaussian':
      return gaussianAt(key, i);
  }
}

/** Fill a float64 array with values 0..n-1 of a stream. */
export function fillRandom(kind: RandomKind, seed: number, stream: number, n: number): Float64Array {
  const key = streamKey(seed, stream);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = randomAt(kind, key, i);
  return out;
}

/** A sequential view on one stream, for CPU-side generators (data sets, initialization, shuffles). */
export class CounterRng {
  private readonly key: number;
  private counter = 0;

  constructor(seed: number, stream = 0) {
    this.key = streamKey(seed, stream);
  }

  uniform(): number {
    return bitsToUniform(counterBits(this.key, this.counter++));
  }

  gaussian(): number {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2 - Math.PI);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.uniform() * n));
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}
