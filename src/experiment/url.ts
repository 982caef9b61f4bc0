/**
 * The URL is the spec: the full spec JSON, lz-string compressed into the hash as `#spec=...`.
 * The hash never reaches a server, so a shared link works from any static host. The whole spec
 * (defaults included) is written so that a link keeps meaning the same run when defaults change.
 */
import * as lzNamespace from 'lz-string';
import { parseSpec, type ExperimentSpec, type SpecError, type SpecParseResult } from './spec.ts';

type LzString = typeof lzNamespace;
/** lz-string is CommonJS: Node's ESM loader exposes it only as `default`, bundlers as named exports too. */
const lz: LzString = (lzNamespace as unknown as { default?: LzString }).default ?? lzNamespace;

export const HASH_PARAM = 'spec';

/**
 * LZ decompression can expand quadratically (each code may extend the previous entry), so an
 * adversarial hash of a few hundred kB could hang the page. Real specs compress to a few kB.
 */
export const MAX_ENCODED_LENGTH = 16_384;

/** The characters compressToEncodedURIComponent writes, plus the space that '+' becomes in some decoders. */
const ENCODED_ALPHABET = /^[A-Za-z0-9+\-$ ]*$/;

function fail(message: string): SpecParseResult {
  const error: SpecError = { path: '', message };
  return { ok: false, errors: [error] };
}

export function encodeSpecToHash(spec: ExperimentSpec): string {
  return `#${HASH_PARAM}=${lz.compressToEncodedURIComponent(JSON.stringify(spec))}`;
}

/** `baseUrl` with its hash (if any) replaced by the spec. */
export function specUrl(baseUrl: string, spec: ExperimentSpec): string {
  const hashAt = baseUrl.indexOf('#');
  return (hashAt < 0 ? baseUrl : baseUrl.slice(0, hashAt)) + encodeSpecToHash(spec);
}

/** The value of `spec=` among the `&`-separated parts of a hash; undefined when absent. */
function findParam(hash: string): string | undefined {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    if (part.startsWith(`${HASH_PARAM}=`)) return part.slice(HASH_PARAM.length + 1);
  }
  return undefined;
}

/**
 * Read a spec from a location hash (`#spec=...`, with or without the `#`). Never throws: every
 * failure comes back as errors that say what went wrong and what to do about it.
 */
export function decodeSpecFromHash(hash: string): SpecParseResult {
  try {
    if (typeof hash !== 'string') return fail('expected the hash part of a link as text');
    let encoded = findParam(hash);
    if (encoded === undefined) {
      return fail(`the link has no "#${HASH_PARAM}=..." part, so it holds no experiment; use a link made with the lab's Share button`);
    }
    if (encoded === '') return fail(`the "${HASH_PARAM}=" part of the link is empty: the link looks truncated; copy the whole link`);
    if (encoded.includes('%')) {
      // Some mail and chat programs percent-encode '$' or '+'; undo that before decompressing.
      try {
        encoded = decodeURIComponent(encoded);
      } catch {
        return fail('the link was mangled on its way (broken %-escapes); copy the original link again');
      }
    }
    if (encoded.length > MAX_ENCODED_LENGTH) {
      const size = `the spec in the link is ${encoded.length} characters long, more than the ${MAX_ENCODED_LENGTH} a lab link can have`;
      return fail(`${size}; it was not made by the lab`);
    }
    if (!ENCODED_ALPHABET.test(encoded)) {
      return fail('the spec in the link contains characters a lab link never has: the link was changed on its way; copy the original link again');
    }
    const json = lz.decompressFromEncodedURIComponent(encoded);
    if (!json) return fail('the spec in the link cannot be decompressed: the link looks truncated or mangled; copy the whole link');
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return fail('the spec in the link decompresses to broken JSON: the link looks truncated or mangled; copy the whole link');
    }
    return parseSpec(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(`the link could not be read (${reason.slice(0, 200)}): it looks truncated or mangled; copy the whole link`);
  }
}

/** Read a spec from a whole URL; only the part after `#` matters. */
export function decodeSpecFromUrl(url: string): SpecParseResult {
  if (typeof url !== 'string') return fail('expected a link as text');
  const hashAt = url.indexOf('#');
  if (hashAt < 0) {
    const what = `the link has no "#${HASH_PARAM}=..." part: the part after "#" holds the experiment`;
    return fail(`${what} and was cut off or never there; copy the whole link`);
  }
  return decodeSpecFromHash(url.slice(hashAt));
}
